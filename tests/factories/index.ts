export * from "./categories";
export * from "./platform";
export * from "./session";
export * from "./tickets";
export * from "./users";
