import type { z } from "zod";

/**
 * PostgreSQL refuses U+0000 in text (SQLSTATE 22021): text that carries one must be refused
 * as invalid input before SQL, not reach the database and answer 500. Client-safe, so forms
 * can share the schemas.
 */
export function hasNoNulByte(value: string): boolean {
  return !value.includes("\u0000");
}

/** A string schema that refuses NUL bytes with `validation.nulByte`; chain it like any check. */
export function refuseNulBytes<S extends z.ZodString>(schema: S): S {
  return schema.refine(hasNoNulByte, { message: "nulByte" }) as S;
}
