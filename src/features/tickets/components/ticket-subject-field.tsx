"use client";

import { useTranslations } from "next-intl";
import { describedBy, FieldError } from "@/components/forms/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SUBJECT_MAX, SUBJECT_MIN } from "../constants";

/** The request's subject, with its length (after trimming, as the server counts it). */
export function TicketSubjectField({
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
      <Label htmlFor="subject">{t("subject")}</Label>
      <Input
        id="subject"
        name="subject"
        data-field="subject"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete="off"
        aria-required="true"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy("subject-count", error && "subject-error")}
      />
      <FieldError id="subject-error" error={error} />
      <p id="subject-count" className={length > SUBJECT_MAX ? "text-xs text-red-700" : "text-xs text-slate-600"}>
        {t("count", { count: length, min: SUBJECT_MIN, max: SUBJECT_MAX })}
      </p>
    </div>
  );
}
