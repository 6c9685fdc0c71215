"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { errorNotice, Notice, type TNotice } from "@/components/feedback/notice";
import { describedBy, FieldError } from "@/components/forms/field-error";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { sendTestWebhookEventAction, updateWebhookSettingsAction } from "../actions/webhook-actions";
import type { TWebhookSecretSetting, TWebhookSettings } from "../dto";
import type { TWebhookEventType } from "../event-types";
import { typeLabelKey } from "./delivery-labels";

type TSecretField = "endpointUrl" | "apiKey" | "signingSecret";

/**
 * The Make.com endpoint on the settings page (issue 17). Secrets are never sent back: each
 * field shows whether it is set and a hint, and stays empty unless the admin types a new
 * value ("Effacer" removes it). Fields an environment variable sets are shown read-only.
 */
export function WebhookSettingsForm({ settings }: { settings: TWebhookSettings }) {
  const t = useTranslations("settings.webhook");
  const tTypes = useTranslations("webhooks.types");
  const id = useId();
  const [values, setValues] = useState<Record<TSecretField, string>>({
    endpointUrl: "",
    apiKey: "",
    signingSecret: "",
  });
  const [clear, setClear] = useState<TSecretField[]>([]);
  const [eventTypes, setEventTypes] = useState<TWebhookEventType[]>(settings.eventTypes.value);
  const [includeInternal, setIncludeInternal] = useState(settings.includeInternal.value);
  const [notice, setNotice] = useState<TNotice | null>(null);

  const save = useAppAction(updateWebhookSettingsAction, {
    networkMessage: t("network"),
    refresh: true,
    onSuccess: () => {
      setValues({ endpointUrl: "", apiKey: "", signingSecret: "" });
      setClear([]);
      setNotice({ tone: "success", text: t("saved") });
    },
    onError: (error) => setNotice({ tone: "error", text: error.message }),
  });
  const test = useAppAction(sendTestWebhookEventAction, {
    networkMessage: t("network"),
    onSuccess: (result) =>
      setNotice({ tone: "success", text: result.state === "skipped" ? t("testNotSent") : t("testQueued") }),
    onError: (error) => setNotice({ tone: "error", text: error.message }),
  });
  const busy = save.busy || test.busy;
  const fieldErrors = save.error?.fieldErrors ?? {};

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setNotice(null);
    save.execute({ ...values, clear, eventTypes, includeInternal });
  }

  const secretField = (field: TSecretField, setting: TWebhookSecretSetting, type: "url" | "password") => {
    const inputId = `${id}-${field}`;
    const status = setting.unreadable
      ? t("unreadable")
      : setting.set
        ? t("currentValue", { hint: setting.hint ?? "…" })
        : t("notSet");
    const clearing = clear.includes(field);
    return (
      <div className="min-w-0 space-y-1.5" data-testid={`webhook-setting-${field}`}>
        <Label htmlFor={inputId}>{t(`${field}.label`)}</Label>
        <p id={`${inputId}-status`} className="text-sm break-words text-slate-700">
          {setting.locked ? <span className="font-medium">{t("lockedBy", { name: t(`${field}.env`) })} </span> : null}
          <span className="font-mono break-all">{status}</span>
        </p>
        {setting.locked ? null : (
          <>
            <Input
              id={inputId}
              type={type}
              value={values[field]}
              autoComplete="off"
              spellCheck={false}
              placeholder={setting.set ? t("keepPlaceholder") : undefined}
              disabled={clearing}
              onChange={(event) => setValues((current) => ({ ...current, [field]: event.target.value }))}
              aria-invalid={fieldErrors[field] ? true : undefined}
              aria-describedby={describedBy(
                `${inputId}-status`,
                `${inputId}-hint`,
                fieldErrors[field] && `${inputId}-error`,
              )}
            />
            <p id={`${inputId}-hint`} className="text-xs text-slate-600">
              {t(`${field}.hint`)}
            </p>
            <FieldError id={`${inputId}-error`} error={fieldErrors[field]} />
            {setting.set ? (
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  className="size-4"
                  checked={clearing}
                  onChange={(event) =>
                    setClear((current) =>
                      event.target.checked ? [...current, field] : current.filter((name) => name !== field),
                    )
                  }
                />
                {t(`${field}.clear`)}
              </label>
            ) : null}
          </>
        )}
      </div>
    );
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-5" aria-labelledby="webhook-settings-title">
      {secretField("endpointUrl", settings.endpointUrl, "url")}
      <div className="grid gap-5 md:grid-cols-2">
        {secretField("apiKey", settings.apiKey, "password")}
        {secretField("signingSecret", settings.signingSecret, "password")}
      </div>

      <fieldset className="space-y-2" aria-describedby={fieldErrors.eventTypes ? `${id}-types-error` : undefined}>
        <legend className="text-sm font-medium text-slate-800">{t("eventTypes.label")}</legend>
        {settings.eventTypes.locked ? (
          <p className="text-sm font-medium text-slate-700">{t("lockedBy", { name: "MAKE_TICKET_WEBHOOK_EVENTS" })}</p>
        ) : null}
        <div className="grid gap-2 sm:grid-cols-2">
          {settings.allEventTypes.map((type) => {
            const labelKey = typeLabelKey(type);
            return (
              <label key={type} className="flex min-w-0 items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 shrink-0"
                  checked={eventTypes.includes(type)}
                  disabled={settings.eventTypes.locked}
                  onChange={(event) =>
                    setEventTypes((current) =>
                      event.target.checked ? [...current, type] : current.filter((value) => value !== type),
                    )
                  }
                />
                <span className="min-w-0">
                  {labelKey ? tTypes(labelKey) : type}{" "}
                  <span className="font-mono text-xs break-all text-slate-500">{type}</span>
                </span>
              </label>
            );
          })}
        </div>
        <FieldError id={`${id}-types-error`} error={fieldErrors.eventTypes} />
      </fieldset>

      <div className="space-y-1">
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-0.5 size-4 shrink-0"
            checked={includeInternal}
            disabled={settings.includeInternal.locked}
            onChange={(event) => setIncludeInternal(event.target.checked)}
            aria-describedby={`${id}-internal-hint`}
          />
          <span className="font-medium text-slate-800">{t("includeInternal.label")}</span>
        </label>
        <p id={`${id}-internal-hint`} className="text-xs text-slate-600">
          {settings.includeInternal.locked
            ? t("lockedBy", { name: "MAKE_TICKET_WEBHOOK_INCLUDE_INTERNAL" })
            : t("includeInternal.hint")}
        </p>
      </div>

      <Notice notice={notice ?? errorNotice(undefined)} statusTestId="webhook-settings-status" />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy} aria-busy={save.busy}>
          {save.busy ? t("saving") : t("save")}
        </Button>
        <Button
          type="button"
          variant="secondary"
          disabled={busy}
          aria-busy={test.busy}
          onClick={() => {
            if (busy) return;
            setNotice(null);
            test.execute(undefined);
          }}
        >
          {test.busy ? t("testing") : t("test")}
        </Button>
      </div>
    </form>
  );
}
