"use client";

import { ArrowDown, ArrowUp } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  deleteAssignmentRuleAction,
  reorderAssignmentRulesAction,
  setAssignmentRuleActiveAction,
} from "../actions/rule-actions";
import type { TAssignableAdmin, TAssignmentRule } from "../dto";
import { DryRunForm } from "./dry-run-form";
import { RuleForm, type TCategoryChoice } from "./rule-form";

/** The rules in order (the first that matches and has someone available wins), and their tools. */
export function RulesManager({
  rules,
  admins,
  categories,
}: {
  rules: TAssignmentRule[];
  admins: TAssignableAdmin[];
  categories: TCategoryChoice[];
}) {
  const t = useTranslations("assignment");
  const tErrors = useTranslations("tickets.errors");
  const [notice, setNotice] = useState<TNotice | null>(null);
  const names = new Map(admins.map((admin) => [admin.id, admin.name]));
  const labels = new Map(categories.map((choice) => [choice.slug, choice.label]));
  const common = {
    networkMessage: tErrors("network"),
    refresh: true,
    onError: (error: { message: string }) => setNotice({ tone: "error", text: error.message }),
  };
  const reorder = useAppAction(reorderAssignmentRulesAction, {
    ...common,
    onSuccess: () => setNotice({ tone: "success", text: t("moved") }),
  });
  const toggle = useAppAction(setAssignmentRuleActiveAction, {
    ...common,
    onSuccess: (_data, input) => setNotice({ tone: "success", text: input.isActive ? t("enabled") : t("disabled") }),
  });
  const remove = useAppAction(deleteAssignmentRuleAction, {
    ...common,
    onSuccess: () => setNotice({ tone: "success", text: t("deleted") }),
  });
  const busy = reorder.busy || toggle.busy || remove.busy;

  function move(index: number, delta: -1 | 1) {
    const target = index + delta;
    if (busy || target < 0 || target >= rules.length) return;
    const ids = rules.map((rule) => rule.id);
    [ids[index], ids[target]] = [ids[target] as string, ids[index] as string];
    reorder.execute({ ids });
  }

  return (
    <div className="space-y-6">
      <section className="space-y-3" aria-labelledby="rules-list">
        <h2 id="rules-list" className="text-base font-semibold">
          {t("listTitle")}
        </h2>
        <Notice notice={notice} />
        {rules.length === 0 ? <p className="text-sm text-slate-600">{t("empty")}</p> : null}
        <ol className="space-y-3">
          {rules.map((rule, index) => (
            <li
              key={rule.id}
              className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
              data-testid="rule-row"
            >
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h3 className="font-medium break-words">
                  <span className="mr-2 text-sm text-slate-500 tabular-nums">{index + 1}.</span>
                  {rule.name}
                </h3>
                <Badge tone={rule.isActive ? "green" : "neutral"}>{rule.isActive ? t("active") : t("inactive")}</Badge>
              </div>
              <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                <dt className="text-slate-600">{t("form.category")}</dt>
                <dd>{rule.category ? (labels.get(rule.category) ?? rule.category) : t("form.anyCategory")}</dd>
                {rule.subjectWords.length > 0 ? (
                  <>
                    <dt className="text-slate-600">{t("form.words")}</dt>
                    <dd className="break-words">{rule.subjectWords.join(", ")}</dd>
                  </>
                ) : null}
                <dt className="text-slate-600">{t("form.context")}</dt>
                <dd>{t(`context.${rule.context}`)}</dd>
                <dt className="text-slate-600">{t(`strategy.${rule.strategy}`)}</dt>
                <dd className="break-words">
                  {rule.adminIds.map((adminId) => names.get(adminId) ?? t("formerAdmin")).join(", ")}
                </dd>
              </dl>
              <div className="flex flex-wrap gap-2">
                <Button
                  type="button"
                  variant="secondary"
                  size="sm"
                  aria-disabled={index === 0 || busy}
                  onClick={() => move(index, -1)}
                >
                  <ArrowUp aria-hidden="true" className="size-4" />
                  {t("moveUp")}
                  <span className="sr-only"> {rule.name}</span>
                </Button>
                <Button
                  type="button"
                  variant="secondary"
                  size="sm"
                  aria-disabled={index === rules.length - 1 || busy}
                  onClick={() => move(index, 1)}
                >
                  <ArrowDown aria-hidden="true" className="size-4" />
                  {t("moveDown")}
                  <span className="sr-only"> {rule.name}</span>
                </Button>
                <Button
                  type="button"
                  variant="secondary"
                  size="sm"
                  aria-disabled={busy}
                  onClick={() => !busy && toggle.execute({ id: rule.id, isActive: !rule.isActive })}
                >
                  {rule.isActive ? t("disable") : t("enable")}
                  <span className="sr-only"> {rule.name}</span>
                </Button>
                <Button
                  type="button"
                  variant="ghost"
                  size="sm"
                  aria-disabled={busy}
                  onClick={() => {
                    if (!busy && window.confirm(t("confirmDelete", { name: rule.name })))
                      remove.execute({ id: rule.id });
                  }}
                >
                  {t("delete")}
                  <span className="sr-only"> {rule.name}</span>
                </Button>
              </div>
            </li>
          ))}
        </ol>
      </section>
      <RuleForm admins={admins} categories={categories} />
      <DryRunForm categories={categories} />
    </div>
  );
}
