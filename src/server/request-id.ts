import "server-only";
import { env } from "./env";

export const REQUEST_ID_HEADER = "x-request-id";

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * The id of a request, for its log lines and the error page. `x-request-id` is taken when our
 * own proxy (src/proxy.ts, `fromProxy`) or a trusted reverse proxy (TRUST_PROXY) wrote it and it
 * looks like an id (a short token: it goes into every line); otherwise a client could make its
 * requests pass for another's, and a new UUID is drawn.
 */
export function requestIdFrom(headers: Headers, options: { fromProxy: boolean }): string {
  const given = headers.get(REQUEST_ID_HEADER);
  const trusted = options.fromProxy || env().TRUST_PROXY > 0;
  return trusted && given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}
