"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { Notice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { dryRunAssignmentRulesAction } from "../actions/rule-actions";
import type { TDryRunResult } from "../dto";
import type { TCategoryChoice } from "./rule-form";

/** "Which admin would get this ticket?" — the rules' answer, nothing created or moved. */
export function DryRunForm({ categories }: { categories: TCategoryChoice[] }) {
  const t = useTranslations("assignment.dryRun");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  const [category, setCategory] = useState(categories[0]?.slug ?? "");
  const [subject, setSubject] = useState("");
  const [context, setContext] = useState<"none" | "appointment" | "order">("none");
  const [result, setResult] = useState<TDryRunResult | null>(null);
  const run = useAppAction(dryRunAssignmentRulesAction, {
    networkMessage: tErrors("network"),
    onSuccess: (data) => setResult(data),
    onError: () => setResult(null),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (run.busy) return;
    run.execute({ category, subject, context });
  }

  const answer = result
    ? result.rule && result.admin
      ? t("result", { admin: result.admin.name, rule: result.rule.name })
      : t("noRule")
    : null;

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      aria-labelledby={`${id}-title`}
      data-testid="dry-run-form"
    >
      <h2 id={`${id}-title`} className="text-base font-semibold">
        {t("title")}
      </h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-category`}>{t("category")}</Label>
          <Select id={`${id}-category`} value={category} onChange={(event) => setCategory(event.target.value)}>
            {categories.map((choice) => (
              <option key={choice.slug} value={choice.slug}>
                {choice.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-subject`}>{t("subject")}</Label>
          <Input id={`${id}-subject`} value={subject} onChange={(event) => setSubject(event.target.value)} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-context`}>{t("context")}</Label>
          <Select
            id={`${id}-context`}
            value={context}
            onChange={(event) => setContext(event.target.value as typeof context)}
          >
            <option value="none">{t("contextNone")}</option>
            <option value="appointment">{t("contextAppointment")}</option>
            <option value="order">{t("contextOrder")}</option>
          </Select>
        </div>
      </div>
      <Button type="submit" variant="secondary" aria-disabled={run.busy} aria-busy={run.busy}>
        {t("submit")}
      </Button>
      <div role="status" data-testid="dry-run-result" className="text-sm">
        {answer ? <p className="font-medium">{answer}</p> : null}
        {result && result.skipped.length > 0 ? (
          <p className="text-slate-600">
            {t("skipped", { rules: result.skipped.map((rule) => rule.name).join(", ") })}
          </p>
        ) : null}
      </div>
      {run.error ? <Notice notice={{ tone: "error", text: run.error.message }} /> : null}
    </form>
  );
}
