"use client";

import { describedBy, FieldError } from "@/components/forms/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

/**
 * A required text field (one line, or several with `rows`) with its optional hint, its error and
 * its length under it ("12 / 200"), red past `max`. The length is counted after trimming, as the
 * server counts it. `name` is the field's id, form name and `data-field` (focused on an error).
 */
export function CountedTextField({
  name,
  label,
  hint,
  value,
  onChange,
  error,
  countText,
  max,
  rows,
}: {
  name: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  countText: (length: number) => string;
  max: number;
  /** Several lines: a textarea this many rows high. */
  rows?: number;
}) {
  const length = value.trim().length;
  const field = {
    id: name,
    name,
    "data-field": name,
    value,
    "aria-required": true,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(hint && `${name}-hint`, `${name}-count`, error && `${name}-error`),
  } as const;
  return (
    <div className="space-y-1.5">
      <Label htmlFor={name}>{label}</Label>
      {hint ? (
        <p id={`${name}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {rows ? (
        <Textarea {...field} rows={rows} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <Input {...field} autoComplete="off" onChange={(event) => onChange(event.target.value)} />
      )}
      <FieldError id={`${name}-error`} error={error} />
      <p id={`${name}-count`} className={length > max ? "text-xs text-red-700" : "text-xs text-slate-600"}>
        {countText(length)}
      </p>
    </div>
  );
}
