"use client";

import { ArrowDown, ArrowUp } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { TCategory } from "../dto";
import { CategoryTemplateForm } from "./category-template-form";
import { RenameCategoryForm } from "./rename-category-form";

/** One category: its labels and state, then its actions, or the rename form in their place. */
export function CategoryRow({
  category,
  index,
  total,
  locked,
  toggling,
  editing,
  onMove,
  onToggle,
  onEdit,
  onCancelEdit,
  onRenamed,
}: {
  category: TCategory;
  index: number;
  total: number;
  /** A move or (de)activation is running. */
  locked: boolean;
  toggling: boolean;
  editing: boolean;
  onMove: (delta: -1 | 1) => void;
  onToggle: () => void;
  onEdit: () => void;
  onCancelEdit: () => void;
  onRenamed: (category: TCategory) => void;
}) {
  const t = useTranslations("tickets.categories");
  // The page's language leads: an English page names each category by its English label.
  const english = useLocale() === "en";
  const primary = english ? category.labelEn : category.labelFr;
  const secondary = english ? category.labelFr : category.labelEn;
  const label = <span className="sr-only"> {primary}</span>;
  return (
    <li data-slug={category.slug} className="space-y-3 px-4 py-3" data-testid="category-row">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="font-medium break-words" tabIndex={-1} data-control="row">
            <span className="mr-2 text-sm text-slate-500 tabular-nums">{index + 1}.</span>
            {primary}
          </h3>
          <p className="text-sm break-words text-slate-600">
            <span lang={english ? "fr-CA" : "en"}>{secondary}</span> · <code className="text-xs">{category.slug}</code>
          </p>
        </div>
        <Badge tone={category.isActive ? "green" : "neutral"}>{category.isActive ? t("active") : t("inactive")}</Badge>
      </div>
      {editing ? (
        <RenameCategoryForm category={category} onCancel={onCancelEdit} onSaved={onRenamed} />
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button
            type="button"
            variant="secondary"
            size="sm"
            data-control="up"
            aria-disabled={index === 0 || locked}
            onClick={() => onMove(-1)}
          >
            <ArrowUp aria-hidden="true" className="size-4" />
            {t("moveUp")}
            {label}
          </Button>
          <Button
            type="button"
            variant="secondary"
            size="sm"
            data-control="down"
            aria-disabled={index === total - 1 || locked}
            onClick={() => onMove(1)}
          >
            <ArrowDown aria-hidden="true" className="size-4" />
            {t("moveDown")}
            {label}
          </Button>
          <Button
            type="button"
            variant="secondary"
            size="sm"
            data-control="rename"
            aria-disabled={locked}
            onClick={onEdit}
          >
            {t("rename")}
            {label}
          </Button>
          <Button
            type="button"
            variant={category.isActive ? "ghost" : "secondary"}
            size="sm"
            data-control="toggle"
            aria-disabled={locked}
            aria-busy={toggling}
            onClick={onToggle}
          >
            {category.isActive ? t("deactivate") : t("activate")}
            {label}
          </Button>
        </div>
      )}
      <details className="rounded-md border border-slate-200 px-3 py-2" data-testid="category-template-editor">
        <summary className="cursor-pointer text-sm font-medium">
          {t("template.summary")}
          {category.requiredLink
            ? ` · ${t(category.requiredLink === "order" ? "template.linkOrder" : "template.linkAppointment")}`
            : ""}
          <span className="sr-only"> {category.labelFr}</span>
        </summary>
        <div className="pt-3">
          <CategoryTemplateForm category={category} />
        </div>
      </details>
    </li>
  );
}
