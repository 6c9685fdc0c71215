// The settings feature's React components that pages render.
export { GeneralSettingsForm } from "./general-settings-form";
export { SupportContact } from "./support-contact";
