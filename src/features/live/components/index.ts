// The live feature's React components that pages and other features render (its public entry for them).
export { LiveListBanner, type TLiveListCheck } from "./live-list-banner";
export { LiveNewReplyNotice, LivePresenceStrip, LiveReplyGuard, LiveTicket } from "./live-ticket";
export { type TLiveHandlers, useLiveStream } from "./use-live-stream";
