"use client";

import { useFormatter, useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { errorNotice, Notice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/cn";
import { RATING_COMMENT_MAX, RATING_SCORES } from "@/lib/rating-values";
import { rateTicketAction } from "../actions/student-actions";
import type { TTicketRating } from "../dto";

/**
 * "How was the help?" on a resolved request (issue 16): five radio buttons (a fieldset, so each
 * score is announced with its question) and an optional comment. The page's #evaluation anchor,
 * the resolution email's link, lands here. After the 7-day window the rating is shown read-only.
 */
export function TicketRatingForm({
  ticketId,
  current,
  canRate,
}: {
  ticketId: string;
  current: TTicketRating | null;
  canRate: boolean;
}) {
  const t = useTranslations("tickets.rating");
  const tErrors = useTranslations("tickets.errors");
  const format = useFormatter();
  const id = useId();
  const [score, setScore] = useState<number | null>(current?.score ?? null);
  const [comment, setComment] = useState(current?.comment ?? "");
  const [saved, setSaved] = useState(false);
  const rate = useAppAction(rateTicketAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: () => setSaved(true),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (rate.busy || score === null) return;
    setSaved(false);
    rate.execute({ ticketId, score, comment });
  };

  if (!canRate) {
    if (!current) return null;
    return (
      <section id="evaluation" aria-labelledby={`${id}-title`} className="space-y-2" data-testid="rating-readonly">
        <h2 id={`${id}-title`} className="text-base font-semibold">
          {t("yourRating")}
        </h2>
        <p className="text-sm">{t("scoreOutOf", { score: current.score })}</p>
        {current.comment ? <p className="text-sm whitespace-pre-wrap text-slate-700">{current.comment}</p> : null}
      </section>
    );
  }

  return (
    <section id="evaluation" aria-labelledby={`${id}-title`} className="space-y-3" tabIndex={-1}>
      <h2 id={`${id}-title`} className="text-base font-semibold">
        {current ? t("changeTitle") : t("title")}
      </h2>
      <form onSubmit={submit} className="space-y-3" data-testid="rating-form" noValidate>
        <fieldset className="space-y-2">
          <legend className="text-sm text-slate-700">{t("question")}</legend>
          <div className="flex flex-wrap gap-2">
            {RATING_SCORES.map((value) => (
              <label
                key={value}
                className={cn(
                  "flex min-h-11 min-w-11 cursor-pointer flex-col items-center justify-center rounded-md border px-3 py-1 text-sm",
                  "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-700",
                  score === value ? "border-brand-700 bg-brand-50 font-semibold" : "border-slate-300 bg-white",
                )}
              >
                <input
                  type="radio"
                  name={`${id}-score`}
                  value={value}
                  checked={score === value}
                  onChange={() => setScore(value)}
                  className="sr-only"
                />
                <span aria-hidden="true" className="text-lg leading-none">
                  {"★".repeat(value)}
                </span>
                <span>{t(`scoreLabel.${value}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="space-y-1">
          <Label htmlFor={`${id}-comment`}>{t("comment")}</Label>
          <Textarea
            id={`${id}-comment`}
            value={comment}
            maxLength={RATING_COMMENT_MAX}
            rows={3}
            onChange={(event) => setComment(event.target.value)}
          />
        </div>
        <Notice
          notice={saved ? { tone: "success", text: t("saved") } : errorNotice(rate.error)}
          look="text"
          statusTestId="rating-status"
        />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" aria-disabled={rate.busy || score === null} aria-busy={rate.busy}>
            {rate.busy ? t("sending") : current ? t("change") : t("send")}
          </Button>
          {current ? (
            <p className="text-xs text-slate-600">
              {t("changeableUntil", { date: format.dateTime(current.changeableUntil, { dateStyle: "long" }) })}
            </p>
          ) : null}
        </div>
      </form>
    </section>
  );
}
