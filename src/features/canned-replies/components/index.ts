// The canned replies' client entry: the reply box's picker and the admin page's manager.
export { CannedReplyManager } from "./canned-reply-manager";
export { CannedReplyPicker } from "./canned-reply-picker";
