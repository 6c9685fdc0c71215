"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useRef, useState } from "react";
import { errorNotice, Notice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { createCategoryAction } from "../actions/admin-actions";
import type { TCategory } from "../dto";
import { CategoryLabelField } from "./category-label-field";

const FIELDS = ["slug", "labelFr", "labelEn"] as const;

/** A new category, added at the end of the list; the first field the server refuses gets the focus. */
export function AddCategoryForm({ onCreated }: { onCreated: (category: TCategory) => void }) {
  const t = useTranslations("tickets.categories");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [slug, setSlug] = useState("");
  const [labelFr, setLabelFr] = useState("");
  const [labelEn, setLabelEn] = useState("");
  const create = useAppAction(createCategoryAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: (created) => {
      setSlug("");
      setLabelFr("");
      setLabelEn("");
      onCreated(created);
    },
    onError: (error) => {
      const first = FIELDS.find((field) => error.fieldErrors?.[field]);
      if (first) formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
    },
  });
  const fieldErrors = create.error?.fieldErrors ?? {};

  function submit(event: FormEvent) {
    event.preventDefault();
    if (create.busy) return;
    create.execute({ slug: slug.trim(), labelFr, labelEn });
  }

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      aria-labelledby={`${id}-title`}
      data-testid="add-category-form"
    >
      <h2 id={`${id}-title`} className="text-base font-semibold">
        {t("addTitle")}
      </h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <CategoryLabelField
          id={`${id}-slug`}
          field="slug"
          label={t("slug")}
          hint={t("slugHint")}
          value={slug}
          onChange={setSlug}
          error={fieldErrors.slug}
          mono
        />
        <CategoryLabelField
          id={`${id}-fr`}
          field="labelFr"
          label={t("labelFr")}
          value={labelFr}
          onChange={setLabelFr}
          error={fieldErrors.labelFr}
        />
        <CategoryLabelField
          id={`${id}-en`}
          field="labelEn"
          label={t("labelEn")}
          value={labelEn}
          onChange={setLabelEn}
          error={fieldErrors.labelEn}
          lang="en"
        />
      </div>
      <Notice notice={errorNotice(create.error)} look="text" />
      <Button type="submit" aria-disabled={create.busy} aria-busy={create.busy}>
        {create.busy ? t("adding") : t("add")}
      </Button>
    </form>
  );
}
