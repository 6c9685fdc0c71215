"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { describedBy, FieldError } from "@/components/forms/field-error";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { setMyAvailabilityAction } from "../actions/admin-actions";

type TAvailability = { isAway: boolean; maxOpenTickets: number | null; releaseOnAway: boolean };

/** An admin's own availability for the assignment rules, capacity, and what going away does. */
export function AvailabilityForm({ availability }: { availability: TAvailability }) {
  const t = useTranslations("assignment.availability");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  const [isAway, setIsAway] = useState(availability.isAway);
  const [capacity, setCapacity] = useState(availability.maxOpenTickets?.toString() ?? "");
  const [releaseOnAway, setReleaseOnAway] = useState(availability.releaseOnAway);
  const [notice, setNotice] = useState<TNotice | null>(null);
  const save = useAppAction(setMyAvailabilityAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: (data) =>
      setNotice({
        tone: "success",
        text: data.released > 0 ? t("savedReleased", { count: data.released }) : t("saved"),
      }),
    onError: (error) => setNotice({ tone: "error", text: error.message }),
  });
  const capacityError = save.error?.fieldErrors?.maxOpenTickets;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (save.busy) return;
    const trimmed = capacity.trim();
    save.execute({ isAway, maxOpenTickets: trimmed === "" ? null : Number(trimmed), releaseOnAway });
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-4"
      aria-labelledby={`${id}-title`}
      data-testid="availability-form"
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {t("title")}
      </h2>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t("status")}</legend>
        {(["available", "away"] as const).map((value) => (
          <div key={value} className="flex items-center gap-2">
            <input
              id={`${id}-${value}`}
              type="radio"
              name={`${id}-status`}
              className="size-5 accent-brand-600"
              checked={value === "away" ? isAway : !isAway}
              onChange={() => setIsAway(value === "away")}
            />
            <Label htmlFor={`${id}-${value}`} className="font-normal">
              {t(value)}
            </Label>
          </div>
        ))}
      </fieldset>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-capacity`}>{t("capacity")}</Label>
        <Input
          id={`${id}-capacity`}
          inputMode="numeric"
          value={capacity}
          onChange={(event) => setCapacity(event.target.value)}
          className="max-w-40"
          aria-invalid={capacityError ? true : undefined}
          aria-describedby={describedBy(`${id}-capacity-hint`, capacityError && `${id}-capacity-error`)}
        />
        <p id={`${id}-capacity-hint`} className="text-xs text-slate-600">
          {t("capacityHint")}
        </p>
        <FieldError id={`${id}-capacity-error`} error={capacityError} />
      </div>
      <div className="flex items-start gap-2">
        <input
          id={`${id}-release`}
          type="checkbox"
          className="mt-0.5 size-5 accent-brand-600"
          checked={releaseOnAway}
          onChange={(event) => setReleaseOnAway(event.target.checked)}
          aria-describedby={`${id}-release-hint`}
        />
        <div>
          <Label htmlFor={`${id}-release`}>{t("release")}</Label>
          <p id={`${id}-release-hint`} className="text-xs text-slate-600">
            {t("releaseHint")}
          </p>
        </div>
      </div>
      <Notice notice={notice} />
      <Button type="submit" aria-disabled={save.busy} aria-busy={save.busy}>
        {t("submit")}
      </Button>
    </form>
  );
}
