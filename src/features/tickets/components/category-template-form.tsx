"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { Notice } from "@/components/feedback/notice";
import { describedBy, FieldError } from "@/components/forms/field-error";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { updateCategoryAction } from "../actions/admin-actions";
import type { TCategory, TRequiredLink } from "../dto";

/** A category's request template: the prompt in both languages and the link it requires. */
export function CategoryTemplateForm({ category }: { category: TCategory }) {
  const t = useTranslations("tickets.categories.template");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  const [promptFr, setPromptFr] = useState(category.promptFr);
  const [promptEn, setPromptEn] = useState(category.promptEn);
  const [requiredLink, setRequiredLink] = useState<TRequiredLink | "">(category.requiredLink ?? "");
  const [saved, setSaved] = useState(false);
  const save = useAppAction(updateCategoryAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: () => setSaved(true),
    onError: () => setSaved(false),
  });
  const fieldErrors = save.error?.fieldErrors ?? {};

  function submit(event: FormEvent) {
    event.preventDefault();
    if (save.busy) return;
    setSaved(false);
    save.execute({ slug: category.slug, promptFr, promptEn, requiredLink: requiredLink || null });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={t("formLabel", { label: category.labelFr })}>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-fr`}>{t("promptFr")}</Label>
        <Textarea
          id={`${id}-fr`}
          rows={2}
          value={promptFr}
          onChange={(event) => setPromptFr(event.target.value)}
          aria-invalid={fieldErrors.promptFr ? true : undefined}
          aria-describedby={describedBy(`${id}-hint`, fieldErrors.promptFr && `${id}-fr-error`)}
        />
        <FieldError id={`${id}-fr-error`} error={fieldErrors.promptFr} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-en`}>{t("promptEn")}</Label>
        <Textarea
          id={`${id}-en`}
          lang="en"
          rows={2}
          value={promptEn}
          onChange={(event) => setPromptEn(event.target.value)}
          aria-invalid={fieldErrors.promptEn ? true : undefined}
          aria-describedby={describedBy(`${id}-hint`, fieldErrors.promptEn && `${id}-en-error`)}
        />
        <FieldError id={`${id}-en-error`} error={fieldErrors.promptEn} />
      </div>
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {t("hint")}
      </p>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-link`}>{t("requiredLink")}</Label>
        <Select
          id={`${id}-link`}
          value={requiredLink}
          onChange={(event) => setRequiredLink(event.target.value as TRequiredLink | "")}
          className="max-w-xs"
        >
          <option value="">{t("linkNone")}</option>
          <option value="order">{t("linkOrder")}</option>
          <option value="appointment">{t("linkAppointment")}</option>
        </Select>
      </div>
      <Notice
        notice={
          save.error
            ? { tone: "error", text: save.error.message }
            : saved
              ? { tone: "success", text: t("saved") }
              : null
        }
      />
      <Button type="submit" size="sm" aria-disabled={save.busy} aria-busy={save.busy}>
        {t("submit")}
      </Button>
    </form>
  );
}
