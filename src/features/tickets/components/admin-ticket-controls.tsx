"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useRouter } from "@/i18n/navigation";
import type { TTicketPriority, TTicketStatus } from "@/server/db/schema";
import { assignTicketAction, updateTicketPriorityAction, updateTicketStatusAction } from "../actions/admin-actions";
import { PRIORITIES, REASON_MAX, STATUSES } from "../constants";
import type { TStaffMember } from "../dto";
import { isBackwardTransition } from "../status-machine";

type TNotice = { tone: "success" | "error" | "conflict"; text: string } | null;
type TBusy = "status" | "priority" | "assign" | null;

export type TControlledTicket = {
  id: string;
  version: number;
  status: TTicketStatus;
  priority: TTicketPriority;
  assigneeId: string | null;
};

/**
 * Status (with a reason, required when going back), priority and assignee. Every change
 * sends the version the admin is looking at: when someone else changed the ticket in the
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
  const tStatus = useTranslations("status");
  const tPriority = useTranslations("priority");
  const tErrors = useTranslations("tickets.errors");
  const router = useRouter();
  const id = useId();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const [seen, setSeen] = useState(ticket);
  const [version, setVersion] = useState(ticket.version);
  const [status, setStatus] = useState(ticket.status);
  const [reason, setReason] = useState("");
  const [priority, setPriority] = useState(ticket.priority);
  const [assigneeId, setAssigneeId] = useState(ticket.assigneeId ?? "");
  const [current, setCurrent] = useState(ticket);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [notice, setNotice] = useState<TNotice>(null);
  const [busy, setBusy] = useState<TBusy>(null);

  // A refresh (after any change, here or in the reply form) brings the server's values. A
  // choice the admin has started to make (different from what the ticket had) is kept.
  if (seen !== ticket) {
    setSeen(ticket);
    setCurrent(ticket);
    setVersion(ticket.version);
    if (status === current.status) setStatus(ticket.status);
    if (priority === current.priority) setPriority(ticket.priority);
    if (assigneeId === (current.assigneeId ?? "")) setAssigneeId(ticket.assigneeId ?? "");
  }

  useEffect(() => {
    // On a conflict the reload button is the one way forward: take the user there.
    if (notice?.tone === "conflict") noticeRef.current?.querySelector("button")?.focus();
  }, [notice]);

  const goingBack = isBackwardTransition(current.status, status);
  const adminName = (adminId: string | null) => {
    if (!adminId) return t("unassigned");
    const admin = admins.find((a) => a.id === adminId);
    return admin ? `${admin.firstName} ${admin.lastName}`.trim() : t("unknownAdmin");
  };

  async function run(
    kind: Exclude<TBusy, null>,
    work: () => Promise<
      { ok: true; version: number; text: string } | { ok: false; code: string; message: string; reason?: string }
    >,
  ) {
    setBusy(kind);
    setNotice(null);
    try {
      const result = await work();
      if (result.ok) {
        setVersion(result.version);
        setNotice({ tone: "success", text: result.text });
        router.refresh();
        return;
      }
      if (result.code === "CONFLICT") {
        setNotice({ tone: "conflict", text: result.message });
        return;
      }
      setNotice({ tone: "error", text: result.message });
      if (result.reason) {
        setReasonError(result.reason);
        reasonRef.current?.focus();
      }
    } catch {
      setNotice({ tone: "error", text: tErrors("network") });
    } finally {
      setBusy(null);
    }
  }

  function changeStatus(event: FormEvent) {
    event.preventDefault();
    if (busy !== null || status === current.status) return;
    setReasonError(null);
    if (goingBack && !reason.trim()) {
      // The server says the same (reasonRequired); saying it here saves a round trip.
      setReasonError(t("reasonRequired"));
      reasonRef.current?.focus();
      return;
    }
    const from = current.status;
    void run("status", async () => {
      const result = await updateTicketStatusAction({
        ticketId: ticket.id,
        status,
        reason: reason.trim() || null,
        expectedVersion: version,
      });
      if (!result.ok) return { ...result, reason: result.fieldErrors?.reason };
      setCurrent((c) => ({ ...c, status: result.data.status }));
      setReason("");
      return {
        ok: true,
        version: result.data.version,
        text: t("statusChanged", { from: tStatus(from), to: tStatus(result.data.status) }),
      };
    });
  }

  function changePriority(event: FormEvent) {
    event.preventDefault();
    if (busy !== null || priority === current.priority) return;
    void run("priority", async () => {
      const result = await updateTicketPriorityAction({ ticketId: ticket.id, priority, expectedVersion: version });
      if (!result.ok) return result;
      setCurrent((c) => ({ ...c, priority: result.data.priority }));
      return {
        ok: true,
        version: result.data.version,
        text: t("priorityChanged", { to: tPriority(result.data.priority) }),
      };
    });
  }

  function assign(nextId: string | null) {
    if (busy !== null || nextId === current.assigneeId) return;
    void run("assign", async () => {
      const result = await assignTicketAction({ ticketId: ticket.id, assigneeId: nextId, expectedVersion: version });
      if (!result.ok) return result;
      setCurrent((c) => ({ ...c, assigneeId: result.data.assigneeId }));
      setAssigneeId(result.data.assigneeId ?? "");
      return {
        ok: true,
        version: result.data.version,
        text: result.data.assigneeId ? t("assigned", { name: adminName(result.data.assigneeId) }) : t("unassignedDone"),
      };
    });
  }

  function reload() {
    setNotice(null);
    router.refresh();
  }

  return (
    <div className="space-y-5" data-testid="ticket-controls">
      <form onSubmit={changeStatus} className="space-y-2" aria-labelledby={`${id}-status-title`} noValidate>
        <h3 id={`${id}-status-title`} className="text-sm font-semibold">
          {t("statusTitle")}
        </h3>
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-status`}>{t("status")}</Label>
          <Select
            id={`${id}-status`}
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as TTicketStatus);
              setReasonError(null);
            }}
          >
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value === current.status ? t("currentOption", { label: tStatus(value) }) : tStatus(value)}
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
            aria-describedby={`${id}-reason-hint${reasonError ? ` ${id}-reason-error` : ""}`}
          />
          {reasonError ? (
            <p id={`${id}-reason-error`} className="text-sm text-red-700">
              {reasonError}
            </p>
          ) : null}
          <p id={`${id}-reason-hint`} className="text-xs text-slate-600">
            {goingBack ? t("reasonBackHint") : t("reasonHint")}
          </p>
        </div>
        <Button
          type="submit"
          size="sm"
          // aria-disabled, not disabled: a disabled button drops the keyboard focus.
          aria-disabled={busy !== null || status === current.status}
          aria-busy={busy === "status"}
        >
          {busy === "status" ? t("saving") : t("changeStatus")}
        </Button>
      </form>

      <form onSubmit={changePriority} className="space-y-2" aria-labelledby={`${id}-priority-title`}>
        <h3 id={`${id}-priority-title`} className="text-sm font-semibold">
          {t("priorityTitle")}
        </h3>
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-0 flex-1 space-y-1.5">
            <Label htmlFor={`${id}-priority`}>{t("priority")}</Label>
            <Select
              id={`${id}-priority`}
              value={priority}
              onChange={(event) => setPriority(event.target.value as TTicketPriority)}
            >
              {PRIORITIES.map((value) => (
                <option key={value} value={value}>
                  {value === current.priority ? t("currentOption", { label: tPriority(value) }) : tPriority(value)}
                </option>
              ))}
            </Select>
          </div>
          <Button
            type="submit"
            size="sm"
            className="min-h-10"
            aria-disabled={busy !== null || priority === current.priority}
            aria-busy={busy === "priority"}
          >
            {busy === "priority" ? t("saving") : t("changePriority")}
          </Button>
        </div>
      </form>

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
            <Select id={`${id}-assignee`} value={assigneeId} onChange={(event) => setAssigneeId(event.target.value)}>
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
            aria-disabled={busy !== null || assigneeId === (current.assigneeId ?? "")}
            aria-busy={busy === "assign"}
          >
            {busy === "assign" ? t("saving") : t("assign")}
          </Button>
        </div>
        {current.assigneeId !== currentUserId ? (
          <Button
            type="button"
            variant="ghost"
            size="sm"
            onClick={() => assign(currentUserId)}
            aria-disabled={busy !== null}
          >
            {t("assignToMe")}
          </Button>
        ) : null}
      </form>

      <div ref={noticeRef}>
        <div role="status" aria-live="polite">
          {notice?.tone === "success" ? (
            <p className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900">
              {notice.text}
            </p>
          ) : null}
        </div>
        <div role="alert" data-testid="ticket-controls-error">
          {notice && notice.tone !== "success" ? (
            <div className="space-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              <p>{notice.text}</p>
              {notice.tone === "conflict" ? (
                <Button type="button" variant="secondary" size="sm" onClick={reload}>
                  {t("reload")}
                </Button>
              ) : null}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}
