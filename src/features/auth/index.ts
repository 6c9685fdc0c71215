// The auth feature's public entry (server): what pages ask of it besides its components.
export { isPasswordResetLinkUsable } from "./service/password-reset";
