"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import type { TNotificationChannel } from "@/lib/notification-values";
import { setNotificationPreferenceAction } from "../actions/notification-actions";
import type { TNotificationPreference } from "../dto";

const switchValue = (p: TNotificationPreference, channel: TNotificationChannel) =>
  channel === "email" ? p.enabled : p.inApp;
const withValue = (p: TNotificationPreference, channel: TNotificationChannel, value: boolean) =>
  channel === "email" ? { ...p, enabled: value } : { ...p, inApp: value };

/** Two switches per type the user receives, by email and in the app (the bell); each change is saved at once. */
export function PreferencesForm({ preferences }: { preferences: TNotificationPreference[] }) {
  const t = useTranslations("email");
  const [values, setValues] = useState(preferences);
  const [notice, setNotice] = useState<TNotice | null>(null);
  const save = useAppAction(setNotificationPreferenceAction, {
    networkMessage: t("preferences.failed"),
    onSuccess: (saved) => {
      setValues((current) => current.map((p) => (p.type === saved.type ? saved : p)));
      setNotice({ tone: "success", text: t("preferences.saved") });
    },
    onError: (error, input) => {
      // The switch moved at once; put it back when the save failed.
      const channel = input.channel ?? "email";
      setValues((current) => current.map((p) => (p.type === input.type ? withValue(p, channel, !input.enabled) : p)));
      setNotice({ tone: "error", text: error.message });
    },
  });
  if (values.length === 0) return <p className="text-slate-600">{t("preferences.none")}</p>;
  const toggle = (preference: TNotificationPreference, channel: TNotificationChannel) => (enabled: boolean) => {
    setNotice(null);
    setValues((current) => current.map((p) => (p.type === preference.type ? withValue(p, channel, enabled) : p)));
    save.execute({ type: preference.type, channel, enabled });
  };
  return (
    <div className="space-y-4">
      <fieldset className="space-y-4">
        <legend className="sr-only">{t("preferences.legend")}</legend>
        {values.map((preference) => (
          <div key={preference.type} className="space-y-1" data-testid={`preference-${preference.type}`}>
            <p className="font-medium">{t(`types.${preference.type}`)}</p>
            <p className="text-sm text-slate-600">{t(`typeHints.${preference.type}`)}</p>
            <div className="flex flex-wrap gap-x-6 gap-y-1 pt-1">
              {(["email", "in_app"] as const).map((channel) => (
                <label key={channel} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="size-4"
                    checked={switchValue(preference, channel)}
                    disabled={save.busy}
                    onChange={(event) => toggle(preference, channel)(event.target.checked)}
                  />
                  <span>
                    {t(`preferences.channels.${channel}`)}
                    <span className="sr-only"> : {t(`types.${preference.type}`)}</span>
                  </span>
                </label>
              ))}
            </div>
          </div>
        ))}
      </fieldset>
      <Notice notice={notice} statusTestId="preferences-status" errorTestId="preferences-error" />
    </div>
  );
}
