import "server-only";

/** The SQLSTATE of a PostgreSQL error, found through Drizzle's wrapping (its cause). */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code.length === 5) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
