"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { assignTicketAction } from "../actions/admin-actions";
import type { TStaffMember } from "../dto";
import type { TTicketControlProps } from "./ticket-control";

/** Who on the team has the ticket, with a shortcut to take it. */
export function TicketAssigneeForm({
  ticket,
  locked,
  onStart,
  onDone,
  admins,
  currentUserId,
}: TTicketControlProps & { admins: TStaffMember[]; currentUserId: string }) {
  const t = useTranslations("tickets.adminTicket.controls");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  // null: the assignee as the server has it; "" is "unassigned".
  const [choice, setChoice] = useState<string | null>(null);
  const assigneeId = choice ?? ticket.assigneeId ?? "";

  const adminName = (adminId: string) => {
    const admin = admins.find((a) => a.id === adminId);
    return admin ? `${admin.firstName} ${admin.lastName}`.trim() : t("unknownAdmin");
  };

  const change = useAppAction(assignTicketAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: (data) => {
      setChoice(null);
      onDone({ text: data.assigneeId ? t("assigned", { name: adminName(data.assigneeId) }) : t("unassignedDone") });
    },
    onError: (error) => onDone({ error }),
  });

  function assign(nextId: string | null) {
    if (locked || nextId === ticket.assigneeId) return;
    onStart();
    change.execute({ ticketId: ticket.id, assigneeId: nextId, expectedVersion: ticket.version });
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        assign(assigneeId || null);
      }}
      className="space-y-2"
      aria-labelledby={`${id}-assign-title`}
    >
      <h3 id={`${id}-assign-title`} className="text-sm font-semibold">
        {t("assignTitle")}
      </h3>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 space-y-1.5">
          <Label htmlFor={`${id}-assignee`}>{t("assignee")}</Label>
          <Select id={`${id}-assignee`} value={assigneeId} onChange={(event) => setChoice(event.target.value)}>
            <option value="">{t("unassigned")}</option>
            {admins.map((admin) => {
              const name = `${admin.firstName} ${admin.lastName}`.trim();
              return (
                <option key={admin.id} value={admin.id}>
                  {admin.id === currentUserId ? t("me", { name }) : name}
                </option>
              );
            })}
          </Select>
        </div>
        <Button
          type="submit"
          size="sm"
          className="min-h-10"
          aria-disabled={locked || assigneeId === (ticket.assigneeId ?? "")}
          aria-busy={change.busy}
        >
          {change.busy ? t("saving") : t("assign")}
        </Button>
      </div>
      {ticket.assigneeId !== currentUserId ? (
        <Button type="button" variant="ghost" size="sm" onClick={() => assign(currentUserId)} aria-disabled={locked}>
          {t("assignToMe")}
        </Button>
      ) : null}
    </form>
  );
}
