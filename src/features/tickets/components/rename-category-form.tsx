"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { errorNotice, Notice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { updateCategoryAction } from "../actions/admin-actions";
import type { TCategory } from "../dto";
import { CategoryLabelField } from "./category-label-field";

/** A category's French and English labels, edited in its row (Escape cancels). */
export function RenameCategoryForm({
  category,
  onCancel,
  onSaved,
}: {
  category: TCategory;
  onCancel: () => void;
  onSaved: (category: TCategory) => void;
}) {
  const t = useTranslations("tickets.categories");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  const firstRef = useRef<HTMLInputElement>(null);
  const [labelFr, setLabelFr] = useState(category.labelFr);
  const [labelEn, setLabelEn] = useState(category.labelEn);
  const save = useAppAction(updateCategoryAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: onSaved,
  });
  const fieldErrors = save.error?.fieldErrors ?? {};

  useEffect(() => {
    firstRef.current?.focus();
    firstRef.current?.select();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (save.busy) return;
    save.execute({ slug: category.slug, labelFr, labelEn });
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-3 rounded-md bg-slate-50 p-3"
      aria-label={t("renameOf", { label: category.labelFr })}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <CategoryLabelField
          id={`${id}-fr`}
          inputRef={firstRef}
          label={t("labelFr")}
          value={labelFr}
          onChange={setLabelFr}
          error={fieldErrors.labelFr}
        />
        <CategoryLabelField
          id={`${id}-en`}
          label={t("labelEn")}
          value={labelEn}
          onChange={setLabelEn}
          error={fieldErrors.labelEn}
          lang="en"
        />
      </div>
      <Notice notice={errorNotice(save.error)} look="text" />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" size="sm" aria-disabled={save.busy} aria-busy={save.busy}>
          {save.busy ? t("saving") : t("save")}
        </Button>
        <Button type="button" variant="secondary" size="sm" onClick={onCancel} disabled={save.busy}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}
