/**
 * Preloaded into the web server by scripts/start.ts (NODE_OPTIONS=--require), for `next start`
 * and `next dev`. Node's fetch `Request` refuses the methods the Fetch standard forbids (TRACE,
 * TRACK, CONNECT): Next.js builds one for every request before any code of ours runs, so a
 * `TRACE /` answered an empty 500 with a stack in the log. Here, before Next.js sees it, any
 * method the app does not serve gets a plain 405 with `Allow`, and nothing is logged.
 */
const http = require("node:http");

const ALLOWED = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const ALLOW_HEADER = [...ALLOWED].join(", ");

if (!http.Server.prototype.__refusesUnsupportedMethods) {
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function emitRequest(event, request, response, ...rest) {
    if (event === "request" && request && response && !ALLOWED.has(String(request.method).toUpperCase())) {
      // The body of such a request is never read: drain it, so the connection stays usable.
      request.resume();
      response.writeHead(405, {
        Allow: ALLOW_HEADER,
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": "no-store",
        "Content-Length": "19",
      });
      response.end("Method Not Allowed\n");
      return true;
    }
    return emit.call(this, event, request, response, ...rest);
  };
  Object.defineProperty(http.Server.prototype, "__refusesUnsupportedMethods", { value: true });
}
