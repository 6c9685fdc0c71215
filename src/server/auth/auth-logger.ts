import "server-only";
import type { BetterAuthOptions } from "better-auth";
import { getLogger } from "../log";
import { summarizeErrorForLog } from "../security/safe-error-log";

/**
 * What of better-auth's own log message may be written: its first line, shortened, with
 * anything that looks like a token, an email address or a query's parameters taken out.
 * better-auth's messages are mostly fixed sentences; a few quote a value (an origin, a URL).
 */
export function scrubAuthLogMessage(message: string): string {
  return (
    (message.split("\n", 1)[0] ?? "")
      // A DrizzleQueryError quoted into a message: "Failed query: … params: …".
      .replace(/\b(failed query|params)\b[\s\S]*$/i, "$1 …")
      .replace(/[^\s@"'<>]+@[^\s@"'<>]+/g, "[email]")
      .replace(/[A-Za-z0-9_\-.~+/=]{24,}/g, "[redacted]")
      .slice(0, 200)
  );
}

/**
 * better-auth's logger, through ours. better-auth logs a failed query (a database outage) with
 * the error itself, and a DrizzleQueryError's message holds the query's parameters: a session
 * token, a user's email. Errors are summarized (class, SQLSTATE, stack frames); any other
 * argument (objects better-auth passes along) is reduced to its type.
 */
export function betterAuthLogger(): NonNullable<BetterAuthOptions["logger"]> {
  return {
    level: "warn",
    log: (level, message, ...args) => {
      const fields = {
        scope: "better-auth",
        ...(args.length > 0
          ? {
              args: args.map((arg) =>
                arg instanceof Error
                  ? { err: summarizeErrorForLog(arg) }
                  : { type: arg === null ? "null" : typeof arg },
              ),
            }
          : {}),
      };
      const text = scrubAuthLogMessage(String(message));
      const logger = getLogger();
      if (level === "error") logger.error(fields, text);
      else if (level === "warn") logger.warn(fields, text);
      else if (level === "info") logger.info(fields, text);
      else logger.debug(fields, text);
    },
  };
}
