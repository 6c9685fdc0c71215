"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { errorNotice, Notice } from "@/components/feedback/notice";
import { describedBy, FieldError } from "@/components/forms/field-error";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { updateGeneralSettingsAction } from "../actions/settings-actions";
import type { TPublicSettings } from "../dto";
import { AUTO_CLOSE_MAX_DAYS } from "../schemas";

type TField = "supportEmail" | "supportPhone" | "supportHours" | "autoCloseDays";

/** The support contact (tutor page, footer) and the auto-close delay of resolved tickets. */
export function GeneralSettingsForm({ settings }: { settings: TPublicSettings }) {
  const t = useTranslations("settings.general");
  const id = useId();
  const [values, setValues] = useState<Record<TField, string>>({
    supportEmail: settings.supportContact.email ?? "",
    supportPhone: settings.supportContact.phone ?? "",
    supportHours: settings.supportContact.hours ?? "",
    autoCloseDays: String(settings.autoCloseDays),
  });
  const [saved, setSaved] = useState(false);
  const save = useAppAction(updateGeneralSettingsAction, {
    networkMessage: t("network"),
    refresh: true,
    onSuccess: () => setSaved(true),
  });
  const fieldErrors = save.error?.fieldErrors ?? {};

  function submit(event: FormEvent) {
    event.preventDefault();
    if (save.busy) return;
    setSaved(false);
    save.execute({ ...values, autoCloseDays: values.autoCloseDays });
  }

  const field = (
    name: TField,
    props: { type?: string; inputMode?: "numeric"; autoComplete?: string; max?: number },
  ) => {
    const inputId = `${id}-${name}`;
    return (
      <div className="min-w-0 space-y-1.5">
        <Label htmlFor={inputId}>{t(`${name}.label`)}</Label>
        <Input
          id={inputId}
          value={values[name]}
          onChange={(event) => setValues((current) => ({ ...current, [name]: event.target.value }))}
          aria-invalid={fieldErrors[name] ? true : undefined}
          aria-describedby={describedBy(`${inputId}-hint`, fieldErrors[name] && `${inputId}-error`)}
          {...props}
        />
        <p id={`${inputId}-hint`} className="text-xs text-slate-600">
          {t(`${name}.hint`, { max: AUTO_CLOSE_MAX_DAYS })}
        </p>
        <FieldError id={`${inputId}-error`} error={fieldErrors[name]} />
      </div>
    );
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">{t("contactLegend")}</legend>
        <div className="grid gap-4 md:grid-cols-2">
          {field("supportEmail", { type: "email", autoComplete: "off" })}
          {field("supportPhone", { type: "tel", autoComplete: "off" })}
        </div>
        {field("supportHours", { autoComplete: "off" })}
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">{t("autoCloseLegend")}</legend>
        <div className="max-w-xs">
          {field("autoCloseDays", { type: "number", inputMode: "numeric", max: AUTO_CLOSE_MAX_DAYS })}
        </div>
      </fieldset>
      <Notice
        notice={saved ? { tone: "success", text: t("saved") } : errorNotice(save.error)}
        statusTestId="general-settings-status"
      />
      <Button type="submit" disabled={save.busy} aria-busy={save.busy}>
        {save.busy ? t("saving") : t("save")}
      </Button>
    </form>
  );
}
