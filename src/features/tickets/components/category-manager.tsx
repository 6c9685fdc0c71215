"use client";

import { ArrowDown, ArrowUp } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useRouter } from "@/i18n/navigation";
import { createCategoryAction, reorderCategoriesAction, updateCategoryAction } from "../actions/admin-actions";
import type { TCategory } from "../dto";

type TNotice = { tone: "success" | "error"; text: string } | null;
type TFocus = { slug: string; control: "up" | "down" | "rename" | "toggle" | "row" } | null;

/**
 * Ticket categories (plan 10): add, rename (French and English), (de)activate, reorder.
 * A retired category stays on its tickets and in the admin filters; students can no longer
 * choose it. After each action focus stays on the row it changed, and the outcome is announced.
 */
export function CategoryManager({ initialCategories }: { initialCategories: TCategory[] }) {
  const t = useTranslations("tickets.categories");
  const tErrors = useTranslations("tickets.errors");
  const router = useRouter();
  const listRef = useRef<HTMLOListElement>(null);
  const [seen, setSeen] = useState(initialCategories);
  const [categories, setCategories] = useState(initialCategories);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<TNotice>(null);
  const [focus, setFocus] = useState<TFocus>(null);

  if (seen !== initialCategories) {
    setSeen(initialCategories);
    setCategories(initialCategories);
  }

  useEffect(() => {
    if (!focus || !listRef.current) return;
    const row = listRef.current.querySelector<HTMLElement>(`[data-slug="${focus.slug}"]`);
    (row?.querySelector<HTMLElement>(`[data-control="${focus.control}"]`) ?? row)?.focus();
    setFocus(null);
  }, [focus]);

  const label = (category: TCategory) => category.labelFr;

  async function run(key: string, work: () => Promise<TNotice>) {
    setBusy(key);
    setNotice(null);
    try {
      setNotice(await work());
    } catch {
      setNotice({ tone: "error", text: tErrors("network") });
    } finally {
      setBusy(null);
    }
  }

  function move(index: number, delta: -1 | 1) {
    if (busy !== null) return;
    const category = categories[index];
    const other = categories[index + delta];
    if (!category || !other) return;
    const slugs = categories.map((c) => c.slug);
    slugs[index] = other.slug;
    slugs[index + delta] = category.slug;
    void run(`move:${category.slug}`, async () => {
      const result = await reorderCategoriesAction({ slugs });
      if (!result.ok) return { tone: "error", text: result.message };
      setCategories(result.data);
      setFocus({ slug: category.slug, control: delta < 0 ? "up" : "down" });
      router.refresh();
      const position = result.data.findIndex((c) => c.slug === category.slug) + 1;
      return { tone: "success", text: t("moved", { label: label(category), position, total: result.data.length }) };
    });
  }

  function toggle(category: TCategory) {
    if (busy !== null) return;
    void run(`toggle:${category.slug}`, async () => {
      const result = await updateCategoryAction({ slug: category.slug, isActive: !category.isActive });
      if (!result.ok) return { tone: "error", text: result.message };
      setCategories((current) => current.map((c) => (c.slug === category.slug ? result.data : c)));
      setFocus({ slug: category.slug, control: "toggle" });
      router.refresh();
      return {
        tone: "success",
        text: result.data.isActive
          ? t("activated", { label: label(category) })
          : t("deactivated", { label: label(category) }),
      };
    });
  }

  return (
    <div className="space-y-6">
      <div role="status" aria-live="polite" data-testid="categories-status">
        {notice?.tone === "success" ? (
          <p className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900">
            {notice.text}
          </p>
        ) : null}
      </div>
      <div role="alert">
        {notice?.tone === "error" ? (
          <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{notice.text}</p>
        ) : null}
      </div>

      <h2 className="text-base font-semibold">{t("listTitle")}</h2>
      <ol
        ref={listRef}
        className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
        aria-label={t("listLabel")}
      >
        {categories.map((category, index) => (
          <li key={category.slug} data-slug={category.slug} className="space-y-3 px-4 py-3" data-testid="category-row">
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div className="min-w-0">
                <h3 className="font-medium break-words" tabIndex={-1} data-control="row">
                  <span className="mr-2 text-sm text-slate-500 tabular-nums">{index + 1}.</span>
                  {category.labelFr}
                </h3>
                <p className="text-sm break-words text-slate-600">
                  <span lang="en">{category.labelEn}</span> · <code className="text-xs">{category.slug}</code>
                </p>
              </div>
              <Badge tone={category.isActive ? "green" : "neutral"}>
                {category.isActive ? t("active") : t("inactive")}
              </Badge>
            </div>
            {editing === category.slug ? (
              <RenameForm
                category={category}
                onCancel={() => {
                  setEditing(null);
                  setFocus({ slug: category.slug, control: "rename" });
                }}
                onSaved={(updated) => {
                  setCategories((current) => current.map((c) => (c.slug === updated.slug ? updated : c)));
                  setEditing(null);
                  setFocus({ slug: updated.slug, control: "rename" });
                  setNotice({ tone: "success", text: t("renamed", { label: updated.labelFr }) });
                  router.refresh();
                }}
              />
            ) : (
              <div className="flex flex-wrap gap-2">
                <Button
                  type="button"
                  variant="secondary"
                  size="sm"
                  data-control="up"
                  aria-disabled={index === 0 || busy !== null}
                  onClick={() => move(index, -1)}
                >
                  <ArrowUp aria-hidden="true" className="size-4" />
                  {t("moveUp")}
                  <span className="sr-only"> {label(category)}</span>
                </Button>
                <Button
                  type="button"
                  variant="secondary"
                  size="sm"
                  data-control="down"
                  aria-disabled={index === categories.length - 1 || busy !== null}
                  onClick={() => move(index, 1)}
                >
                  <ArrowDown aria-hidden="true" className="size-4" />
                  {t("moveDown")}
                  <span className="sr-only"> {label(category)}</span>
                </Button>
                <Button
                  type="button"
                  variant="secondary"
                  size="sm"
                  data-control="rename"
                  aria-disabled={busy !== null}
                  onClick={() => {
                    if (busy !== null) return;
                    setNotice(null);
                    setEditing(category.slug);
                  }}
                >
                  {t("rename")}
                  <span className="sr-only"> {label(category)}</span>
                </Button>
                <Button
                  type="button"
                  variant={category.isActive ? "ghost" : "secondary"}
                  size="sm"
                  data-control="toggle"
                  aria-disabled={busy !== null}
                  aria-busy={busy === `toggle:${category.slug}`}
                  onClick={() => toggle(category)}
                >
                  {category.isActive ? t("deactivate") : t("activate")}
                  <span className="sr-only"> {label(category)}</span>
                </Button>
              </div>
            )}
          </li>
        ))}
      </ol>

      <AddCategoryForm
        onCreated={(created) => {
          setCategories((current) => [...current, created]);
          setNotice({ tone: "success", text: t("createdNotice", { label: created.labelFr }) });
          setFocus({ slug: created.slug, control: "row" });
          router.refresh();
        }}
      />
    </div>
  );
}

function RenameForm({
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    firstRef.current?.focus();
    firstRef.current?.select();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const result = await updateCategoryAction({ slug: category.slug, labelFr, labelEn });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setError(result.message);
        return;
      }
      onSaved(result.data);
    } catch {
      setError(tErrors("network"));
    } finally {
      setPending(false);
    }
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
        <LabelField
          id={`${id}-fr`}
          inputRef={firstRef}
          label={t("labelFr")}
          value={labelFr}
          onChange={setLabelFr}
          error={errors.labelFr}
        />
        <LabelField
          id={`${id}-en`}
          label={t("labelEn")}
          value={labelEn}
          onChange={setLabelEn}
          error={errors.labelEn}
          lang="en"
        />
      </div>
      {error ? (
        <p className="text-sm text-red-800" role="alert">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" size="sm" aria-disabled={pending} aria-busy={pending}>
          {pending ? t("saving") : t("save")}
        </Button>
        <Button type="button" variant="secondary" size="sm" onClick={onCancel} disabled={pending}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}

function AddCategoryForm({ onCreated }: { onCreated: (category: TCategory) => void }) {
  const t = useTranslations("tickets.categories");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  const [slug, setSlug] = useState("");
  const [labelFr, setLabelFr] = useState("");
  const [labelEn, setLabelEn] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const result = await createCategoryAction({ slug: slug.trim(), labelFr, labelEn });
      if (!result.ok) {
        const fieldErrors = result.fieldErrors ?? {};
        setErrors(fieldErrors);
        setError(result.message);
        const first = ["slug", "labelFr", "labelEn"].find((field) => fieldErrors[field]);
        if (first) formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
        return;
      }
      setSlug("");
      setLabelFr("");
      setLabelEn("");
      setErrors({});
      onCreated(result.data);
    } catch {
      setError(tErrors("network"));
    } finally {
      setPending(false);
    }
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
        <LabelField
          id={`${id}-slug`}
          field="slug"
          label={t("slug")}
          hint={t("slugHint")}
          value={slug}
          onChange={setSlug}
          error={errors.slug}
          mono
        />
        <LabelField
          id={`${id}-fr`}
          field="labelFr"
          label={t("labelFr")}
          value={labelFr}
          onChange={setLabelFr}
          error={errors.labelFr}
        />
        <LabelField
          id={`${id}-en`}
          field="labelEn"
          label={t("labelEn")}
          value={labelEn}
          onChange={setLabelEn}
          error={errors.labelEn}
          lang="en"
        />
      </div>
      {error ? (
        <p className="text-sm text-red-800" role="alert">
          {error}
        </p>
      ) : null}
      <Button type="submit" aria-disabled={pending} aria-busy={pending}>
        {pending ? t("adding") : t("add")}
      </Button>
    </form>
  );
}

function LabelField({
  id,
  field,
  label,
  hint,
  value,
  onChange,
  error,
  inputRef,
  lang,
  mono,
}: {
  id: string;
  field?: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  inputRef?: React.Ref<HTMLInputElement>;
  lang?: string;
  mono?: boolean;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="min-w-0 space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        ref={inputRef}
        id={id}
        data-field={field}
        value={value}
        lang={lang}
        autoComplete="off"
        className={mono ? "font-mono" : undefined}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
