"use client";

import { useTranslations } from "next-intl";
import { describedBy, FieldError } from "@/components/forms/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { DESCRIPTION_MAX, DESCRIPTION_MIN } from "../constants";

/** The request's description, with a hint and its length (after trimming). */
export function TicketDescriptionField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const t = useTranslations("tickets.newTicket");
  const length = value.trim().length;
  return (
    <div className="space-y-1.5">
      <Label htmlFor="description">{t("description")}</Label>
      <p id="description-hint" className="text-xs text-slate-600">
        {t("descriptionHint")}
      </p>
      <Textarea
        id="description"
        name="description"
        data-field="description"
        rows={7}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-required="true"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy("description-hint", "description-count", error && "description-error")}
      />
      <FieldError id="description-error" error={error} />
      <p
        id="description-count"
        className={length > DESCRIPTION_MAX ? "text-xs text-red-700" : "text-xs text-slate-600"}
      >
        {t("count", { count: length, min: DESCRIPTION_MIN, max: DESCRIPTION_MAX })}
      </p>
    </div>
  );
}
