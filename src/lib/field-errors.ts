import type { z } from "zod";

export type TFieldErrors = Record<string, string>;

/**
 * The first message per field of a failed parse (messages are i18n keys under `validation.*`),
 * so a form can show the very checks the server runs.
 */
export function firstErrorPerField(error: z.ZodError): TFieldErrors {
  const fields: TFieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "_form";
    fields[field] ??= issue.message;
  }
  return fields;
}
