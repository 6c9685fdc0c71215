import "server-only";

// The settings feature's public server entry (issue 17): what pages and the shell read.
export type { TPublicSettings, TSupportContact } from "./dto";
export { getPublicSettings } from "./service/get-public-settings";
