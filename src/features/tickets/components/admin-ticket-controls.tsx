"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Notice } from "@/components/feedback/notice";
import { Button } from "@/components/ui/button";
import { useRouter } from "@/i18n/navigation";
import type { TStaffMember } from "../dto";
import { TicketAssigneeForm } from "./ticket-assignee-form";
import type { TControlledTicket, TControlOutcome, TTicketControlProps } from "./ticket-control";
import { TicketPriorityForm } from "./ticket-priority-form";
import { TicketStatusForm } from "./ticket-status-form";

export type { TControlledTicket } from "./ticket-control";

/**
 * Status (with a reason, required when going back), priority and assignee: one form each.
 * Every change sends the version the admin is looking at; after a change the page refreshes
 * from the server, which brings the next version. When someone else changed the ticket in the
 * meantime the server answers CONFLICT, and nothing is overwritten until the page is reloaded.
 */
export function AdminTicketControls({
  ticket,
  admins,
  currentUserId,
}: {
  ticket: TControlledTicket;
  admins: TStaffMember[];
  currentUserId: string;
}) {
  const t = useTranslations("tickets.adminTicket.controls");
  const router = useRouter();
  const noticeRef = useRef<HTMLDivElement>(null);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<TControlOutcome | null>(null);
  const conflict = outcome !== null && "error" in outcome && outcome.error.code === "CONFLICT";

  useEffect(() => {
    // On a conflict the reload button is the one way forward: take the user there.
    if (conflict) noticeRef.current?.querySelector("button")?.focus();
  }, [conflict]);

  const control: TTicketControlProps = {
    ticket,
    locked: running,
    onStart: () => {
      setRunning(true);
      setOutcome(null);
    },
    onDone: (next) => {
      setRunning(false);
      setOutcome(next);
    },
  };

  return (
    <div className="space-y-5" data-testid="ticket-controls">
      <TicketStatusForm {...control} />
      <TicketPriorityForm {...control} />
      <TicketAssigneeForm {...control} admins={admins} currentUserId={currentUserId} />
      <div ref={noticeRef}>
        <Notice
          notice={
            outcome === null
              ? null
              : "error" in outcome
                ? { tone: "error", text: outcome.error.message }
                : { tone: "success", text: outcome.text }
          }
          errorTestId="ticket-controls-error"
          errorAction={
            conflict ? (
              <Button
                type="button"
                variant="secondary"
                size="sm"
                onClick={() => {
                  setOutcome(null);
                  router.refresh();
                }}
              >
                {t("reload")}
              </Button>
            ) : null
          }
        />
      </div>
    </div>
  );
}
