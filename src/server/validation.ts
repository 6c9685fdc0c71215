import "server-only";
import type { z } from "zod";
import { firstErrorPerField } from "@/lib/field-errors";
import { AppError } from "./errors";
import { isUuid } from "./text-shapes";

export type { TFieldErrors } from "@/lib/field-errors";

/**
 * For route handlers, the edges next-safe-action does not cover: parses the request's fields
 * once; invalid input becomes AppError("VALIDATION") carrying the first key per field.
 * Services take the parsed types and never parse again.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError("VALIDATION", undefined, { fieldErrors: firstErrorPerField(parsed.error) });
  return parsed.data;
}

export function validationError(field: string, key: string): AppError {
  return new AppError("VALIDATION", undefined, { fieldErrors: { [field]: key } });
}

/**
 * An id that SQL will read as a uuid (a page's route parameter, a ticket to lock) must have
 * that shape: VALIDATION invalidId, rather than a database error (22P02) on the way.
 */
export function assertUuid(value: string, field: string): void {
  if (!isUuid(value)) throw validationError(field, "invalidId");
}
