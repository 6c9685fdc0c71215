"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { setCategorySubscriptionsAction } from "../actions/notification-actions";
import type { TCategoryChoice } from "../dto";

/**
 * An admin's categories for "new request" (email and bell): none ticked means every category.
 * Each change is saved at once.
 */
export function CategorySubscriptionsForm({ choices }: { choices: TCategoryChoice[] }) {
  const t = useTranslations("email");
  const [values, setValues] = useState(choices);
  const [notice, setNotice] = useState<TNotice | null>(null);
  const save = useAppAction(setCategorySubscriptionsAction, {
    networkMessage: t("preferences.failed"),
    onSuccess: (saved) => {
      setValues(saved);
      setNotice({ tone: "success", text: t("preferences.saved") });
    },
    onError: (error) => {
      setValues(choices);
      setNotice({ tone: "error", text: error.message });
    },
  });
  const chosen = values.filter((c) => c.subscribed).length;
  return (
    <fieldset className="space-y-3">
      <legend className="font-medium">{t("categories.legend")}</legend>
      <p className="text-sm text-slate-600" data-testid="category-summary">
        {chosen === 0 ? t("categories.all") : t("categories.some", { count: chosen })}
      </p>
      <div className="grid gap-2 sm:grid-cols-2">
        {values.map((choice) => (
          <label key={choice.slug} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4"
              checked={choice.subscribed}
              disabled={save.busy}
              onChange={(event) => {
                const next = values.map((c) =>
                  c.slug === choice.slug ? { ...c, subscribed: event.target.checked } : c,
                );
                setNotice(null);
                setValues(next);
                save.execute({ categories: next.filter((c) => c.subscribed).map((c) => c.slug) });
              }}
            />
            <span>{choice.label}</span>
          </label>
        ))}
      </div>
      <Notice notice={notice} />
    </fieldset>
  );
}
