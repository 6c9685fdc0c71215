"use client";

import type { ReactNode } from "react";
import { describedBy, FieldError } from "@/components/forms/field-error";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

export type TOption = { value: string; label: string };

/** A select of the new-request form (category, appointment, order): its first option is "none". */
export function TicketOptionSelect({
  field,
  label,
  emptyLabel,
  options,
  value,
  onChange,
  error,
  required = false,
  className,
}: {
  field: string;
  label: ReactNode;
  emptyLabel: string;
  options: TOption[];
  value: string;
  onChange: (value: string) => void;
  error?: string;
  required?: boolean;
  className?: string;
}) {
  return (
    <div className={className ?? "space-y-1.5"}>
      <Label htmlFor={field}>{label}</Label>
      <Select
        id={field}
        name={field}
        data-field={field}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-required={required ? "true" : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(error && `${field}-error`)}
      >
        <option value="">{emptyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
      <FieldError id={`${field}-error`} error={error} />
    </div>
  );
}
