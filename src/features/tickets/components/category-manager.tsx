"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { reorderCategoriesAction, updateCategoryAction } from "../actions/admin-actions";
import type { TCategory } from "../dto";
import { AddCategoryForm } from "./add-category-form";
import { CategoryRow } from "./category-row";

type TFocus = { slug: string; control: "up" | "down" | "rename" | "toggle" | "row" };

/**
 * Ticket categories (plan 10): add, rename (French and English), (de)activate, reorder.
 * A retired category stays on its tickets and in the admin filters; students can no longer
 * choose it. The list is the server's: after each action the page refreshes, then focus goes
 * back to the row that changed and the outcome is announced.
 */
export function CategoryManager({ initialCategories: categories }: { initialCategories: TCategory[] }) {
  const t = useTranslations("tickets.categories");
  const tErrors = useTranslations("tickets.errors");
  const english = useLocale() === "en";
  const labelOf = (category: TCategory) => (english ? category.labelEn : category.labelFr);
  const listRef = useRef<HTMLOListElement>(null);
  const moving = useRef<{ category: TCategory; control: "up" | "down" } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<TNotice | null>(null);
  const [focus, setFocus] = useState<TFocus | null>(null);

  useEffect(() => {
    if (!focus || !listRef.current) return;
    const row = listRef.current.querySelector<HTMLElement>(`[data-slug="${focus.slug}"]`);
    (row?.querySelector<HTMLElement>(`[data-control="${focus.control}"]`) ?? row)?.focus();
    setFocus(null);
  }, [focus]);

  const announce = (next: TNotice, target?: TFocus) => {
    setNotice(next);
    if (target) setFocus(target);
  };
  const onError = (error: { message: string }) => setNotice({ tone: "error", text: error.message });

  const reorder = useAppAction(reorderCategoriesAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: (ordered) => {
      const moved = moving.current;
      if (!moved) return;
      const position = ordered.findIndex((c) => c.slug === moved.category.slug) + 1;
      announce(
        { tone: "success", text: t("moved", { label: labelOf(moved.category), position, total: ordered.length }) },
        { slug: moved.category.slug, control: moved.control },
      );
    },
    onError,
  });

  const toggle = useAppAction(updateCategoryAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: (updated) =>
      announce(
        {
          tone: "success",
          text: updated.isActive
            ? t("activated", { label: labelOf(updated) })
            : t("deactivated", { label: labelOf(updated) }),
        },
        { slug: updated.slug, control: "toggle" },
      ),
    onError,
  });

  const locked = reorder.busy || toggle.busy;

  function move(index: number, delta: -1 | 1) {
    const category = categories[index];
    const other = categories[index + delta];
    if (locked || !category || !other) return;
    const slugs = categories.map((c) => c.slug);
    slugs[index] = other.slug;
    slugs[index + delta] = category.slug;
    moving.current = { category, control: delta < 0 ? "up" : "down" };
    setNotice(null);
    reorder.execute({ slugs });
  }

  return (
    <div className="space-y-6">
      <Notice notice={notice} statusTestId="categories-status" />

      <h2 className="text-base font-semibold">{t("listTitle")}</h2>
      <ol
        ref={listRef}
        className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
        aria-label={t("listLabel")}
      >
        {categories.map((category, index) => (
          <CategoryRow
            key={category.slug}
            category={category}
            index={index}
            total={categories.length}
            locked={locked}
            toggling={toggle.busy && toggle.input?.slug === category.slug}
            editing={editing === category.slug}
            onMove={(delta) => move(index, delta)}
            onToggle={() => {
              if (locked) return;
              setNotice(null);
              toggle.execute({ slug: category.slug, isActive: !category.isActive });
            }}
            onEdit={() => {
              if (locked) return;
              setNotice(null);
              setEditing(category.slug);
            }}
            onCancelEdit={() => {
              setEditing(null);
              setFocus({ slug: category.slug, control: "rename" });
            }}
            onRenamed={(updated) => {
              setEditing(null);
              announce(
                { tone: "success", text: t("renamed", { label: labelOf(updated) }) },
                { slug: updated.slug, control: "rename" },
              );
            }}
          />
        ))}
      </ol>

      <AddCategoryForm
        onCreated={(created) =>
          announce(
            { tone: "success", text: t("createdNotice", { label: labelOf(created) }) },
            { slug: created.slug, control: "row" },
          )
        }
      />
    </div>
  );
}
