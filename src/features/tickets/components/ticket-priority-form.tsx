"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { updateTicketPriorityAction } from "../actions/admin-actions";
import { PRIORITIES } from "../constants";
import type { TTicketControlProps, TTicketPriority } from "./ticket-control";

/** The ticket's priority (the team's own: students never see it). */
export function TicketPriorityForm({ ticket, locked, onStart, onDone }: TTicketControlProps) {
  const t = useTranslations("tickets.adminTicket.controls");
  const tPriority = useTranslations("priority");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  // null: the ticket's priority as the server has it.
  const [choice, setChoice] = useState<TTicketPriority | null>(null);
  const priority = choice ?? ticket.priority;

  const change = useAppAction(updateTicketPriorityAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: (data) => {
      setChoice(null);
      onDone({ text: t("priorityChanged", { to: tPriority(data.priority) }) });
    },
    onError: (error) => onDone({ error }),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (locked || priority === ticket.priority) return;
    onStart();
    change.execute({ ticketId: ticket.id, priority, expectedVersion: ticket.version });
  }

  return (
    <form onSubmit={submit} className="space-y-2" aria-labelledby={`${id}-priority-title`}>
      <h3 id={`${id}-priority-title`} className="text-sm font-semibold">
        {t("priorityTitle")}
      </h3>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 space-y-1.5">
          <Label htmlFor={`${id}-priority`}>{t("priority")}</Label>
          <Select
            id={`${id}-priority`}
            value={priority}
            onChange={(event) => setChoice(event.target.value as TTicketPriority)}
          >
            {PRIORITIES.map((value) => (
              <option key={value} value={value}>
                {value === ticket.priority ? t("currentOption", { label: tPriority(value) }) : tPriority(value)}
              </option>
            ))}
          </Select>
        </div>
        <Button
          type="submit"
          size="sm"
          className="min-h-10"
          aria-disabled={locked || priority === ticket.priority}
          aria-busy={change.busy}
        >
          {change.busy ? t("saving") : t("changePriority")}
        </Button>
      </div>
    </form>
  );
}
