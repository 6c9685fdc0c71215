import "server-only";
import type { z } from "zod";
import { AppError } from "./errors";

export type TFieldErrors = Record<string, string>;

/** First message per field, as i18n keys under `validation.*`. */
export function fieldErrorsOf(error: z.ZodError): TFieldErrors {
  const fields: TFieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "_form";
    fields[field] ??= issue.message;
  }
  return fields;
}

/** Parses service input; invalid input becomes AppError("VALIDATION") carrying the field errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError("VALIDATION", undefined, { fieldErrors: fieldErrorsOf(parsed.error) });
  return parsed.data;
}

export function validationError(field: string, key: string): AppError {
  return new AppError("VALIDATION", undefined, { fieldErrors: { [field]: key } });
}
