import type { TErrorCode } from "../errors";

/** What every server action returns to the browser: data, or a stable code with a translated message. */
export type TActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: TErrorCode; message: string; fieldErrors?: Record<string, string> };
