// The tickets feature's data access: the only place in the feature that writes queries.
// Every function takes the caller's transaction (withUser), so row-level security applies.
export * from "./attachments";
export * from "./availability";
export * from "./categories";
export * from "./context";
export * from "./events";
export * from "./lists";
export * from "./merges";
export * from "./messages";
export * from "./ratings";
export * from "./reads";
export * from "./tags";
export * from "./tickets";
export * from "./views";
