import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { readFileSync } from "node:fs";
import path from "node:path";
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "./env";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id";
import { summarizeErrorForLog } from "./security/safe-error-log";

// The server's one logger: JSON lines on stdout (level LOG_LEVEL), one line per route handler
// request and per server action, carrying the request id that the error page shows.
// What a line may hold is chosen field by field here: ids, roles, names of routes and actions,
// statuses, codes, durations, and errors summarized by summarizeErrorForLog() (class, SQLSTATE,
// table/constraint, stack frames). Never a message text, a file, a token, a cookie or an SQL
// parameter: nothing here takes a request body or a raw error.

/** What the lines of one request share; filled in as the request learns it (the user after the session read). */
export type TRequestLogContext = {
  requestId: string;
  userId?: string;
  role?: string;
  /** The AppError code the request ended with, when it failed. */
  errorCode?: string;
};

const globalForLog = globalThis as unknown as {
  __ticketsLogger?: Logger;
  __ticketsLogDestination?: DestinationStream;
  __ticketsLogLevel?: string;
  __ticketsLogContexts?: AsyncLocalStorage<TRequestLogContext>;
};

// On globalThis, like the logger: Next.js may load this module once per server layer (seen: an
// action's lines had no request id, the logger's mixin read another instance's storage).
globalForLog.__ticketsLogContexts ??= new AsyncLocalStorage<TRequestLogContext>();
const contexts = globalForLog.__ticketsLogContexts;

export function getLogger(): Logger {
  globalForLog.__ticketsLogger ??= pino(
    {
      level: globalForLog.__ticketsLogLevel ?? env().LOG_LEVEL,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const context = contexts.getStore();
        return context ? { requestId: context.requestId, userId: context.userId, role: context.role } : {};
      },
    },
    globalForLog.__ticketsLogDestination ?? pino.destination({ fd: 1, sync: false }),
  );
  return globalForLog.__ticketsLogger;
}

/** Test hook: send the lines to `destination` at `level` (undefined: stdout at LOG_LEVEL again). */
export function setLogDestination(destination: DestinationStream | undefined, level?: string): void {
  globalForLog.__ticketsLogDestination = destination;
  globalForLog.__ticketsLogLevel = level;
  globalForLog.__ticketsLogger = undefined;
}

export { REQUEST_ID_HEADER, requestIdFrom };

export function currentRequestId(): string | undefined {
  return contexts.getStore()?.requestId;
}

/** The signed-in user of the current request, for its log lines (called where the session is read). */
export function noteRequestUser(user: { id: string; role: string } | null): void {
  const context = contexts.getStore();
  if (context && user) {
    context.userId = user.id;
    context.role = user.role;
  }
}

/** The code a request failed with (errorResponse, the action clients). */
export function noteRequestError(code: string): void {
  const context = contexts.getStore();
  if (context) context.errorCode = code;
}

/** An unexpected error: its summary (no message, no parameters) and stack frames, on the server only. */
export function logUnexpectedError(scope: string, error: unknown): void {
  getLogger().error({ scope, err: summarizeErrorForLog(error) }, "unexpected error");
}

/** Runs `work` as one request: its lines carry `requestId`, and one line tells how it ended. */
export async function runLoggedRequest<T>(
  kind: "route" | "action",
  name: string,
  requestId: string,
  work: () => Promise<T>,
  outcomeOf: (result: T) => { status?: number; outcome: "ok" | "error" },
): Promise<T> {
  const context: TRequestLogContext = { requestId };
  return contexts.run(context, async () => {
    const started = performance.now();
    const line = (fields: Record<string, unknown>) =>
      getLogger().info(
        {
          kind,
          [kind]: name,
          ...fields,
          ...(context.errorCode ? { errorCode: context.errorCode } : {}),
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        },
        kind === "route" ? "request" : "action",
      );
    try {
      const result = await work();
      line(outcomeOf(result));
      return result;
    } catch (error) {
      // Redirects and not-found are how Next.js ends some requests, not failures.
      const digest = (error as { digest?: unknown } | null)?.digest;
      const control = typeof digest === "string" && /^NEXT_(REDIRECT|HTTP_ERROR_FALLBACK|NOT_FOUND)/.test(digest);
      if (!control) logUnexpectedError(kind, error);
      line({ outcome: control ? "ok" : "error", ...(control ? {} : { status: 500 }) });
      throw error;
    }
  });
}

/**
 * A route handler with its request line: the request id (from `x-request-id` or new) is set
 * for everything the handler logs and echoed on the response.
 *
 *   export const POST = withRequestLog("tickets.create", async (request: Request) => …);
 */
export function withRequestLog<TArgs extends unknown[]>(
  name: string,
  handler: (request: Request, ...rest: TArgs) => Promise<Response>,
): (request: Request, ...rest: TArgs) => Promise<Response> {
  return async (request, ...rest) => {
    // Route handlers are not behind src/proxy.ts (its matcher leaves /api out).
    const requestId = requestIdFrom(request.headers, { fromProxy: false });
    const response = await runLoggedRequest(
      "route",
      name,
      requestId,
      () => handler(request, ...rest),
      (result) => ({
        status: result.status,
        outcome: result.status >= 500 ? "error" : "ok",
      }),
    );
    try {
      response.headers.set(REQUEST_ID_HEADER, requestId);
    } catch {
      // Immutable headers (a Response.redirect): the id is in the log line all the same.
      return response;
    }
    return response;
  };
}

let actionNames: Map<string, string> | undefined;

/**
 * A server action's name ("closeTicketAction") from its id, through the build's manifest
 * (`.next/server/server-reference-manifest.json`); the id itself where there is none (tests).
 */
export function actionNameOf(actionId: string | null): string {
  if (!actionId) return "unknown";
  if (!actionNames) {
    actionNames = new Map();
    try {
      const manifest = JSON.parse(
        readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8"),
      ) as { node?: Record<string, { exportedName?: string }> };
      for (const [id, entry] of Object.entries(manifest.node ?? {})) {
        if (entry.exportedName) actionNames.set(id, entry.exportedName);
      }
    } catch {
      // No build (tests, next dev before the first action): ids are logged as they are.
    }
  }
  return actionNames.get(actionId) ?? actionId;
}

type TRenderRequest = { path: string; method: string; headers: Record<string, string | string[] | undefined> };
type TRenderContext = { routerKind: string; routePath: string; routeType: string };

/**
 * A page, layout or action render that failed (Next.js' onRequestError, src/instrumentation.ts):
 * the request id, the route's pattern (never its filled-in path: no ids, no search text) and
 * the digest that the error page shows as its reference, so support finds this line from it.
 */
export function logRenderError(error: unknown, request: TRenderRequest, context: TRenderContext): void {
  // Route handlers log their own failures (withRequestLog).
  if (context.routeType === "route") return;
  const header = request.headers[REQUEST_ID_HEADER];
  const digest = (error as { digest?: unknown } | null)?.digest;
  getLogger().error(
    {
      kind: "render",
      requestId: typeof header === "string" ? header : undefined,
      route: context.routePath,
      routeType: context.routeType,
      method: request.method,
      reference: typeof digest === "string" ? digest : undefined,
      err: summarizeErrorForLog(error),
    },
    "render failed",
  );
}
