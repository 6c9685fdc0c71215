// The auth feature's React components that pages render (its public entry for them).
export { ForgotPasswordForm } from "./forgot-password-form";
export { ResetPasswordForm } from "./reset-password-form";
export { SignInForm } from "./sign-in-form";
export { SignUpForm } from "./sign-up-form";
