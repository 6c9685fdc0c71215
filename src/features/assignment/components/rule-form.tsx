"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useRef, useState } from "react";
import { Notice } from "@/components/feedback/notice";
import { describedBy, FieldError } from "@/components/forms/field-error";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { createAssignmentRuleAction } from "../actions/rule-actions";
import type { TAssignableAdmin } from "../dto";
import { RULE_CONTEXTS, RULE_STRATEGIES, type TRuleContext, type TRuleStrategy } from "../rule-values";

export type TCategoryChoice = { slug: string; label: string };

const FIELDS = ["name", "category", "subjectWords", "context", "strategy", "adminIds"] as const;

/** A new rule, added last; admins are ticked in the order round-robin will follow. */
export function RuleForm({ admins, categories }: { admins: TAssignableAdmin[]; categories: TCategoryChoice[] }) {
  const t = useTranslations("assignment");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState("");
  const [category, setCategory] = useState("");
  const [subjectWords, setSubjectWords] = useState("");
  const [context, setContext] = useState<TRuleContext>("any");
  const [strategy, setStrategy] = useState<TRuleStrategy>("single");
  const [adminIds, setAdminIds] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const create = useAppAction(createAssignmentRuleAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: () => {
      setSaved(true);
      setName("");
      setSubjectWords("");
      setAdminIds([]);
    },
    onError: (error) => {
      setSaved(false);
      const first = FIELDS.find((field) => error.fieldErrors?.[field]);
      if (first) formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
    },
  });
  const fieldErrors = create.error?.fieldErrors ?? {};

  function submit(event: FormEvent) {
    event.preventDefault();
    if (create.busy) return;
    setSaved(false);
    create.execute({ name, category, subjectWords, context, strategy, adminIds });
  }

  const errorId = (field: string) => (fieldErrors[field] ? `${id}-${field}-error` : undefined);

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      aria-labelledby={`${id}-title`}
      data-testid="rule-form"
    >
      <h2 id={`${id}-title`} className="text-base font-semibold">
        {t("form.title")}
      </h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-name`}>{t("form.name")}</Label>
          <Input
            id={`${id}-name`}
            data-field="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={fieldErrors.name ? true : undefined}
            aria-describedby={errorId("name")}
          />
          <FieldError id={`${id}-name-error`} error={fieldErrors.name} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-category`}>{t("form.category")}</Label>
          <Select
            id={`${id}-category`}
            data-field="category"
            value={category}
            onChange={(event) => setCategory(event.target.value)}
            aria-invalid={fieldErrors.category ? true : undefined}
            aria-describedby={errorId("category")}
          >
            <option value="">{t("form.anyCategory")}</option>
            {categories.map((choice) => (
              <option key={choice.slug} value={choice.slug}>
                {choice.label}
              </option>
            ))}
          </Select>
          <FieldError id={`${id}-category-error`} error={fieldErrors.category} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-words`}>{t("form.words")}</Label>
          <Input
            id={`${id}-words`}
            data-field="subjectWords"
            value={subjectWords}
            onChange={(event) => setSubjectWords(event.target.value)}
            aria-invalid={fieldErrors.subjectWords ? true : undefined}
            aria-describedby={describedBy(`${id}-words-hint`, errorId("subjectWords"))}
          />
          <p id={`${id}-words-hint`} className="text-xs text-slate-600">
            {t("form.wordsHint")}
          </p>
          <FieldError id={`${id}-subjectWords-error`} error={fieldErrors.subjectWords} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-context`}>{t("form.context")}</Label>
          <Select
            id={`${id}-context`}
            data-field="context"
            value={context}
            onChange={(event) => setContext(event.target.value as TRuleContext)}
          >
            {RULE_CONTEXTS.map((value) => (
              <option key={value} value={value}>
                {t(`context.${value}`)}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-strategy`}>{t("form.strategy")}</Label>
          <Select
            id={`${id}-strategy`}
            data-field="strategy"
            value={strategy}
            onChange={(event) => setStrategy(event.target.value as TRuleStrategy)}
          >
            {RULE_STRATEGIES.map((value) => (
              <option key={value} value={value}>
                {t(`strategy.${value}`)}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <fieldset
        className="space-y-1.5"
        aria-describedby={describedBy(`${id}-admins-hint`, errorId("adminIds"))}
        data-field="adminIds"
        tabIndex={-1}
      >
        <legend className="text-sm font-medium">{t("form.admins")}</legend>
        <p id={`${id}-admins-hint`} className="text-xs text-slate-600">
          {t("form.adminsHint")}
        </p>
        <ul className="grid gap-1 sm:grid-cols-2">
          {admins.map((admin) => (
            <li key={admin.id} className="flex items-center gap-2">
              <input
                id={`${id}-admin-${admin.id}`}
                type="checkbox"
                className="size-5 accent-brand-600"
                checked={adminIds.includes(admin.id)}
                onChange={(event) =>
                  setAdminIds((current) =>
                    event.target.checked ? [...current, admin.id] : current.filter((value) => value !== admin.id),
                  )
                }
              />
              <Label htmlFor={`${id}-admin-${admin.id}`} className="font-normal">
                {admin.name}
                {admin.isAway ? ` (${t("away")})` : ""}
              </Label>
            </li>
          ))}
        </ul>
        <FieldError id={`${id}-adminIds-error`} error={fieldErrors.adminIds} />
      </fieldset>
      <Notice
        notice={
          create.error
            ? { tone: "error", text: create.error.message }
            : saved
              ? { tone: "success", text: t("form.created") }
              : null
        }
      />
      <Button type="submit" aria-disabled={create.busy} aria-busy={create.busy}>
        {t("form.submit")}
      </Button>
    </form>
  );
}
