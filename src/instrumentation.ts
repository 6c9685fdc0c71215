// Next.js' instrumentation hook: every failed render goes to the server's one logger, with the
// request id and the digest the error page shows. The logger is Node-only (pino).
export async function onRequestError(
  error: unknown,
  request: { path: string; method: string; headers: Record<string, string | string[] | undefined> },
  context: { routerKind: string; routePath: string; routeType: string },
): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logRenderError } = await import("./server/log");
  logRenderError(error, request, context);
}
