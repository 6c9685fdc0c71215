// The attachment UI pieces the ticket pages use (client components).
export { AttachmentPicker, appendAttachments, type TAttachmentPickerProps } from "./attachment-picker";
export { UploadProgress } from "./upload-progress";
