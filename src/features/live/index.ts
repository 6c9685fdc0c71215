import "server-only";

// The live feature's public server entry: its subscriber to ticket changes (NOTIFY after
// commit), the SSE stream and the presence ping route bodies, and the hub for tests and the bench.
export { LiveHub, type TLiveSubscriber } from "./hub";
export { closeAllLiveStreams, getLiveHub, openLiveStream } from "./live-stream";
export { handlePresencePing } from "./presence";
export { handleLiveStream } from "./stream";
export { liveTicketChangeConsumer } from "./ticket-change-consumer";
