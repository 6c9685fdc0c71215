import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** The one look of a list filter's field (logs, audit): full width, 40 px high, 16 px text on phones. */
export const FILTER_FIELD_CLASS =
  "block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 focus-visible:border-brand-600 sm:text-sm";

/**
 * A labelled select of a GET filter form: "all" first (empty value), then the options. Its
 * value lives in the URL, so `value` is the current filter (undefined: all).
 */
export function FilterSelect({
  id,
  name,
  label,
  allLabel,
  value,
  options,
}: {
  id: string;
  name: string;
  label: string;
  allLabel: string;
  value: string | undefined;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className={FILTER_FIELD_CLASS}>
        <option value="">{allLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A filter form's buttons: apply, and the way back to no filter when one is set (`clear`). */
export function FilterActions({ applyLabel, clear }: { applyLabel: string; clear?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button type="submit" variant="secondary">
        {applyLabel}
      </Button>
      {clear ?? null}
    </div>
  );
}
