// The rules page's client entry.
export { RulesManager } from "./rules-manager";
