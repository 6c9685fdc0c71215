"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useRef, useState } from "react";
import { Notice } from "@/components/feedback/notice";
import { describedBy, FieldError } from "@/components/forms/field-error";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { createCannedReplyAction, updateCannedReplyAction } from "../actions/canned-reply-actions";
import type { TCannedReply } from "../dto";
import { CANNED_VARIABLES } from "../variables";

const FIELDS = ["title", "bodyFr", "bodyEn"] as const;

/** Writes a new reply, or edits `reply`; the server checks the variables again. */
export function CannedReplyForm({ reply, onDone }: { reply?: TCannedReply; onDone?: () => void }) {
  const t = useTranslations("cannedReplies.form");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [title, setTitle] = useState(reply?.title ?? "");
  const [bodyFr, setBodyFr] = useState(reply?.bodyFr ?? "");
  const [bodyEn, setBodyEn] = useState(reply?.bodyEn ?? "");
  const [isShared, setIsShared] = useState(reply?.isShared ?? false);
  const [saved, setSaved] = useState(false);
  const options = {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: () => {
      setSaved(true);
      if (!reply) {
        setTitle("");
        setBodyFr("");
        setBodyEn("");
        setIsShared(false);
      }
      onDone?.();
    },
    onError: (error: { fieldErrors?: Record<string, string> }) => {
      setSaved(false);
      const first = FIELDS.find((field) => error.fieldErrors?.[field]);
      if (first) formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
    },
  };
  const create = useAppAction(createCannedReplyAction, options);
  const update = useAppAction(updateCannedReplyAction, options);
  const action = reply ? update : create;
  const fieldErrors = action.error?.fieldErrors ?? {};

  function submit(event: FormEvent) {
    event.preventDefault();
    if (action.busy) return;
    setSaved(false);
    const input = { title, bodyFr, bodyEn, isShared };
    if (reply) update.execute({ ...input, id: reply.id });
    else create.execute(input);
  }

  const field = (name: (typeof FIELDS)[number]) => ({
    id: `${id}-${name}`,
    "data-field": name,
    "aria-invalid": fieldErrors[name] ? true : undefined,
    "aria-describedby": describedBy(fieldErrors[name] && `${id}-${name}-error`, name !== "title" && `${id}-vars`),
  });

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="space-y-3"
      aria-label={reply ? t("editTitle", { title: reply.title }) : t("createTitle")}
      data-testid="canned-reply-form"
    >
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-title`}>{t("title")}</Label>
        <Input {...field("title")} value={title} onChange={(event) => setTitle(event.target.value)} />
        <FieldError id={`${id}-title-error`} error={fieldErrors.title} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-bodyFr`}>{t("bodyFr")}</Label>
        <Textarea {...field("bodyFr")} rows={4} value={bodyFr} onChange={(event) => setBodyFr(event.target.value)} />
        <FieldError id={`${id}-bodyFr-error`} error={fieldErrors.bodyFr} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-bodyEn`}>{t("bodyEn")}</Label>
        <Textarea
          {...field("bodyEn")}
          lang="en"
          rows={4}
          value={bodyEn}
          onChange={(event) => setBodyEn(event.target.value)}
        />
        <FieldError id={`${id}-bodyEn-error`} error={fieldErrors.bodyEn} />
      </div>
      <p id={`${id}-vars`} className="text-xs text-slate-600">
        {t("variables")}{" "}
        {CANNED_VARIABLES.map((name, index) => (
          <span key={name}>
            {index > 0 ? ", " : null}
            <code>{`{{${name}}}`}</code>
          </span>
        ))}
      </p>
      <div className="flex items-center gap-2">
        <input
          id={`${id}-shared`}
          type="checkbox"
          checked={isShared}
          onChange={(event) => setIsShared(event.target.checked)}
          className="size-5 accent-brand-600"
        />
        <Label htmlFor={`${id}-shared`}>{t("shared")}</Label>
      </div>
      <Notice
        notice={
          action.error
            ? { tone: "error", text: action.error.message }
            : saved
              ? { tone: "success", text: reply ? t("updated") : t("created") }
              : null
        }
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" aria-disabled={action.busy} aria-busy={action.busy}>
          {reply ? t("save") : t("create")}
        </Button>
        {reply && onDone ? (
          <Button type="button" variant="ghost" onClick={onDone}>
            {t("cancel")}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
