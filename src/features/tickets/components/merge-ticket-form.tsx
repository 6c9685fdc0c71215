"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { mergeTicketAction } from "../actions/queue-actions";

/** Merges this request (a duplicate) into another open request of the same student. */
export function MergeTicketForm({
  ticketId,
  version,
  candidates,
}: {
  ticketId: string;
  version: number;
  candidates: { id: string; number: number; subject: string }[];
}) {
  const t = useTranslations("tickets.mergeForm");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  const [target, setTarget] = useState("");
  const [notice, setNotice] = useState<TNotice | null>(null);
  const merge = useAppAction(mergeTicketAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: (data) => setNotice({ tone: "success", text: t("merged", { number: data.targetNumber }) }),
    onError: (error) => setNotice({ tone: "error", text: error.fieldErrors?.targetTicketId ?? error.message }),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!target || merge.busy) return;
    merge.execute({ sourceTicketId: ticketId, targetTicketId: target, expectedVersion: version });
  }

  if (candidates.length === 0) return <p className="text-sm text-slate-600">{t("none")}</p>;
  return (
    <form onSubmit={submit} className="space-y-2" data-testid="merge-form" noValidate>
      <p className="text-sm text-slate-700">{t("intro")}</p>
      <div className="space-y-1">
        <Label htmlFor={`${id}-target`}>{t("target")}</Label>
        <Select id={`${id}-target`} value={target} onChange={(event) => setTarget(event.target.value)}>
          <option value="">{t("choose")}</option>
          {candidates.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {`n° ${candidate.number} — ${candidate.subject}`}
            </option>
          ))}
        </Select>
      </div>
      <Button type="submit" variant="secondary" disabled={!target || merge.busy}>
        {t("submit")}
      </Button>
      <Notice notice={notice} look="text" />
    </form>
  );
}
