"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useRef, useState } from "react";
import { describedBy, FieldError } from "@/components/forms/field-error";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { updateTicketStatusAction } from "../actions/admin-actions";
import { REASON_MAX, STATUSES } from "../constants";
import { isBackwardTransition } from "../status-machine";
import type { TTicketControlProps, TTicketStatus } from "./ticket-control";

/** The ticket's status, with a reason (required when the change goes back in the flow). */
export function TicketStatusForm({ ticket, locked, onStart, onDone }: TTicketControlProps) {
  const t = useTranslations("tickets.adminTicket.controls");
  const tStatus = useTranslations("status");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  // null: the ticket's status as the server has it, so a refresh moves the selection with it.
  const [choice, setChoice] = useState<TTicketStatus | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const from = useRef(ticket.status);
  const status = choice ?? ticket.status;
  const goingBack = isBackwardTransition(ticket.status, status);

  const change = useAppAction(updateTicketStatusAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: (data) => {
      setChoice(null);
      setReason("");
      onDone({ text: t("statusChanged", { from: tStatus(from.current), to: tStatus(data.status) }) });
    },
    onError: (error) => {
      onDone({ error });
      if (error.fieldErrors?.reason) {
        setReasonError(error.fieldErrors.reason);
        reasonRef.current?.focus();
      }
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (locked || status === ticket.status) return;
    setReasonError(null);
    if (goingBack && !reason.trim()) {
      // The server says the same (reasonRequired); saying it here saves a round trip.
      setReasonError(t("reasonRequired"));
      reasonRef.current?.focus();
      return;
    }
    from.current = ticket.status;
    onStart();
    change.execute({
      ticketId: ticket.id,
      status,
      reason: reason.trim() || null,
      expectedVersion: ticket.version,
    });
  }

  return (
    <form onSubmit={submit} className="space-y-2" aria-labelledby={`${id}-status-title`} noValidate>
      <h3 id={`${id}-status-title`} className="text-sm font-semibold">
        {t("statusTitle")}
      </h3>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-status`}>{t("status")}</Label>
        <Select
          id={`${id}-status`}
          value={status}
          onChange={(event) => {
            setChoice(event.target.value as TTicketStatus);
            setReasonError(null);
          }}
        >
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {value === ticket.status ? t("currentOption", { label: tStatus(value) }) : tStatus(value)}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-reason`}>{goingBack ? t("reasonRequiredLabel") : t("reasonLabel")}</Label>
        <Textarea
          ref={reasonRef}
          id={`${id}-reason`}
          rows={2}
          className="min-h-16"
          value={reason}
          maxLength={REASON_MAX}
          onChange={(event) => setReason(event.target.value)}
          aria-required={goingBack ? true : undefined}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={describedBy(`${id}-reason-hint`, reasonError && `${id}-reason-error`)}
        />
        <FieldError id={`${id}-reason-error`} error={reasonError ?? undefined} />
        <p id={`${id}-reason-hint`} className="text-xs text-slate-600">
          {goingBack ? t("reasonBackHint") : t("reasonHint")}
        </p>
      </div>
      <Button
        type="submit"
        size="sm"
        // aria-disabled, not disabled: a disabled button drops the keyboard focus.
        aria-disabled={locked || status === ticket.status}
        aria-busy={change.busy}
      >
        {change.busy ? t("saving") : t("changeStatus")}
      </Button>
    </form>
  );
}
