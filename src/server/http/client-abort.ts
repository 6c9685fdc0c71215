import "server-only";
import { getLogger } from "../log";

/**
 * Whether a request failed because its client went away mid-upload (a closed tab, a cut
 * connection): Next aborts the request's signal, and the body stream fails with Node's
 * "aborted" (code ECONNRESET). Not an error of ours, and not the database's: logged as what it is.
 */
export function isClientAbort(request: Request, error: unknown): boolean {
  if (request.signal.aborted) return true;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    if (isBodyAborted(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Node's error for a request body whose connection closed before its end. */
export function isBodyAborted(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === "ECONNRESET" && message === "aborted";
}

/**
 * The answer to an upload its client abandoned: nobody reads it, so no body; 499 is the status
 * proxies (nginx) log for "client closed request". One calm line instead of "unexpected error".
 */
export function abortedResponse(scope: string): Response {
  getLogger().info({ scope, status: 499 }, "upload aborted by the client");
  return new Response(null, { status: 499, headers: { "Cache-Control": "private, no-store" } });
}
