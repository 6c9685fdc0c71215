"use client";

import type { Ref } from "react";
import { describedBy, FieldError } from "@/components/forms/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** One text field of a category form: label, input, optional hint, and the field's error. */
export function CategoryLabelField({
  id,
  field,
  label,
  hint,
  value,
  onChange,
  error,
  inputRef,
  lang,
  mono,
}: {
  id: string;
  field?: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  inputRef?: Ref<HTMLInputElement>;
  lang?: string;
  mono?: boolean;
}) {
  return (
    <div className="min-w-0 space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        ref={inputRef}
        id={id}
        data-field={field}
        value={value}
        lang={lang}
        autoComplete="off"
        className={mono ? "font-mono" : undefined}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}
