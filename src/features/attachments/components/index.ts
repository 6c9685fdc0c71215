// The attachment UI pieces the ticket pages use (client components).

export { sendMultipart, submissionKeyFor, type TSubmissionKey, type TUploadProgress } from "../upload-client";
export { AttachmentPicker, appendAttachments, type TAttachmentPickerProps } from "./attachment-picker";
export { UploadProgress } from "./upload-progress";
