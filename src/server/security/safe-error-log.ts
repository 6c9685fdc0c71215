import "server-only";

export type TSafeErrorSummary = {
  name: string;
  /** SQLSTATE of a PostgreSQL error, or an AppError / system error code. */
  code?: string;
  /** Where the database raised it (table, constraint, routine): names from our schema, no values. */
  where?: string;
  /** Frames only: the first line of a stack repeats the message. */
  stack?: string[];
  cause?: TSafeErrorSummary;
};

const MAX_DEPTH = 4;

/**
 * What of an unexpected error may be written to the server log. Never its message: a
 * DrizzleQueryError's message is "Failed query: … params: …", i.e. the ticket's text, a
 * student's private problem; a PostgreSQL message may quote the value it refused (22P02,
 * 23505's detail). The SQLSTATE, the names of the table or constraint and the stack frames are
 * enough to find the fault.
 */
export function summarizeErrorForLog(error: unknown, depth = 0): TSafeErrorSummary {
  if (!(error instanceof Error)) return { name: typeof error };
  const fields = error as Error & {
    code?: unknown;
    table?: unknown;
    constraint?: unknown;
    routine?: unknown;
  };
  const where = [fields.table, fields.constraint, fields.routine].filter((part) => typeof part === "string").join(" ");
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.trim());
  return {
    name: error.name === "Error" && error.constructor.name !== "Error" ? error.constructor.name : error.name,
    ...(typeof fields.code === "string" || typeof fields.code === "number" ? { code: String(fields.code) } : {}),
    ...(where ? { where } : {}),
    ...(frames.length > 0 ? { stack: frames } : {}),
    ...(error.cause !== undefined && depth < MAX_DEPTH ? { cause: summarizeErrorForLog(error.cause, depth + 1) } : {}),
  };
}
