/**
 * Preloaded into `next start` by scripts/start.ts (NODE_OPTIONS=--require, with
 * NEXT_MANUAL_SIG_HANDLE=1 so Next installs no signal handlers of its own). Next serves
 * exactly as it would alone; this file only watches its HTTP server through Node's
 * diagnostics channels and owns the shutdown, which `next start` leaves unbounded: on
 * SIGTERM/SIGINT it keeps answering on keep-alive connections as long as they stay busy.
 *
 * On SIGTERM/SIGINT, or when the parent start process disappears (its IPC channel closes):
 * stop accepting, answer the requests in progress with `Connection: close` and let them
 * finish; after a short settle (requests already on their way on an open connection are
 * served, with `Connection: close`, instead of being reset) close the idle connections,
 * then exit once nothing is in flight; past SHUTDOWN_GRACE_MS, cut what is left and exit
 * anyway.
 */
const diagnostics = require("node:diagnostics_channel");

// Only the `next start` process itself, never a worker process it may start with our NODE_OPTIONS.
if (process.argv.includes("start") && process.env.NEXT_MANUAL_SIG_HANDLE === "1") {
  const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? "8000");
  /** @type {Set<import("node:http").Server>} */
  const servers = new Set();
  /** @type {Set<import("node:http").ServerResponse>} */
  const inFlight = new Set();
  let stopping = false;
  // Until it is over, requests that arrive on connections already open are still answered.
  let settled = false;
  const SETTLE_MS = 300;

  diagnostics.subscribe("http.server.request.start", (message) => {
    const { response, server } = /** @type {any} */ (message);
    servers.add(server);
    inFlight.add(response);
    response.once("close", () => {
      inFlight.delete(response);
      if (settled && inFlight.size === 0) finish(0);
    });
    if (stopping) response.shouldKeepAlive = false;
  });

  /** @param {number} code */
  const finish = (code) => {
    process.exit(code);
  };

  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const server of servers) server.close();
    for (const response of inFlight) {
      // The reply in progress ends its connection: no next request rides on it.
      response.shouldKeepAlive = false;
      if (!response.headersSent) response.setHeader("Connection", "close");
    }
    setTimeout(() => {
      settled = true;
      for (const server of servers) server.closeIdleConnections();
      if (inFlight.size === 0) finish(0);
    }, SETTLE_MS).unref();
    setTimeout(() => {
      console.error(`[next] ${inFlight.size} request(s) still running after ${graceMs} ms: cut`);
      for (const server of servers) server.closeAllConnections();
      finish(1);
    }, graceMs).unref();
  };

  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // The start process is gone (even SIGKILLed): never stay behind as an orphaned web server.
  process.on("disconnect", stop);
}
