"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { applyBulkActionAction } from "../actions/queue-actions";
import { PRIORITIES, REASON_MAX, STATUSES } from "../constants";
import type { TAdminTicketListItem, TBulkOutcome, TStaffMember, TTag } from "../dto";
import type { TBulkAction } from "../schemas";

type TKind = TBulkAction["type"];

/**
 * Bulk actions on the selected rows: assign, status (with the reason rule), priority, a tag.
 * Each ticket goes through the single-ticket change on the server; the result lists, per
 * ticket, what was done and what was refused (e.g. changed meanwhile).
 */
export function BulkActionBar({
  items,
  selected,
  onSelectedChange,
  admins,
  tags,
  currentUserId,
  onDone,
}: {
  items: TAdminTicketListItem[];
  selected: ReadonlySet<string>;
  onSelectedChange: (next: ReadonlySet<string>) => void;
  admins: TStaffMember[];
  tags: TTag[];
  currentUserId?: string;
  onDone: () => void;
}) {
  const t = useTranslations("tickets.bulk");
  const tStatus = useTranslations("status");
  const tPriority = useTranslations("priority");
  const tErrors = useTranslations("errors");
  const tValidation = useTranslations("validation");
  const tNetwork = useTranslations("tickets.errors");
  const id = useId();
  const [kind, setKind] = useState<TKind>("assign");
  const [assignee, setAssignee] = useState(currentUserId ?? "");
  const [status, setStatus] = useState<(typeof STATUSES)[number]>("in_progress");
  const [reason, setReason] = useState("");
  const [priority, setPriority] = useState<(typeof PRIORITIES)[number]>("high");
  const [tagName, setTagName] = useState("");
  const [notice, setNotice] = useState<TNotice | null>(null);
  const [outcomes, setOutcomes] = useState<{ number: number; text: string; refused: boolean }[]>([]);

  const numberOf = new Map(items.map((item) => [item.id, item.number]));
  const selectedCount = items.filter((item) => selected.has(item.id)).length;
  const allSelected = selectedCount === items.length && items.length > 0;

  const describeOutcome = (outcome: TBulkOutcome): string => {
    if (outcome.result === "done") return t("done");
    if (outcome.result === "unchanged") return t("unchanged");
    const why =
      outcome.reasonKey && tValidation.has(outcome.reasonKey as never)
        ? tValidation(outcome.reasonKey as never)
        : tErrors((outcome.code ?? "INTERNAL") as never);
    return t("refused", { reason: why });
  };

  const run = useAppAction(applyBulkActionAction, {
    networkMessage: tNetwork("network"),
    refresh: true,
    onSuccess: (data) => {
      const refused = data.filter((o) => o.result === "refused").length;
      setOutcomes(
        data.map((o) => ({
          number: numberOf.get(o.ticketId) ?? 0,
          text: describeOutcome(o),
          refused: o.result === "refused",
        })),
      );
      setNotice({
        tone: refused > 0 ? "error" : "success",
        text: t("summary", { done: data.length - refused, refused }),
      });
      onSelectedChange(new Set());
      onDone();
    },
    onError: (error) => setNotice({ tone: "error", text: error.message }),
  });

  function action(): TBulkAction | null {
    switch (kind) {
      case "assign":
        return { type: "assign", assigneeId: assignee || null };
      case "status":
        return { type: "status", status, reason: reason.trim() || null };
      case "priority":
        return { type: "priority", priority };
      case "tag":
        return tagName.trim() ? { type: "tag", name: tagName.trim() } : null;
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const chosen = action();
    if (selectedCount === 0) {
      setNotice({ tone: "error", text: t("noneSelected") });
      return;
    }
    if (!chosen) {
      setNotice({ tone: "error", text: tValidation("tagNameRequired") });
      return;
    }
    setNotice(null);
    setOutcomes([]);
    run.execute({
      tickets: items
        .filter((item) => selected.has(item.id))
        .map((item) => ({ ticketId: item.id, expectedVersion: item.version })),
      action: chosen,
    });
  }

  return (
    <form
      onSubmit={submit}
      className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3"
      aria-labelledby={`${id}-title`}
      data-testid="bulk-actions"
      noValidate
    >
      <h3 id={`${id}-title`} className="sr-only">
        {t("title")}
      </h3>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <label className="inline-flex min-h-10 items-center gap-2 text-sm font-medium">
          <input
            type="checkbox"
            className="size-4 accent-brand-600"
            checked={allSelected}
            ref={(box) => {
              if (box) box.indeterminate = selectedCount > 0 && !allSelected;
            }}
            onChange={(event) => onSelectedChange(new Set(event.target.checked ? items.map((item) => item.id) : []))}
          />
          {t("selectAll", { count: items.length })}
        </label>
        <p className="text-sm text-slate-700" aria-live="polite" data-testid="bulk-selected-count">
          {t("selectedCount", { count: selectedCount })}
        </p>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-40 space-y-1">
          <Label htmlFor={`${id}-kind`}>{t("action")}</Label>
          <Select id={`${id}-kind`} value={kind} onChange={(event) => setKind(event.target.value as TKind)}>
            <option value="assign">{t("kinds.assign")}</option>
            <option value="status">{t("kinds.status")}</option>
            <option value="priority">{t("kinds.priority")}</option>
            <option value="tag">{t("kinds.tag")}</option>
          </Select>
        </div>
        {kind === "assign" ? (
          <div className="min-w-48 space-y-1">
            <Label htmlFor={`${id}-assignee`}>{t("assignee")}</Label>
            <Select id={`${id}-assignee`} value={assignee} onChange={(event) => setAssignee(event.target.value)}>
              <option value="">{t("unassign")}</option>
              {admins.map((admin) => (
                <option key={admin.id} value={admin.id}>
                  {`${admin.firstName} ${admin.lastName}`.trim()}
                </option>
              ))}
            </Select>
          </div>
        ) : null}
        {kind === "status" ? (
          <>
            <div className="min-w-40 space-y-1">
              <Label htmlFor={`${id}-status`}>{t("status")}</Label>
              <Select
                id={`${id}-status`}
                value={status}
                onChange={(event) => setStatus(event.target.value as typeof status)}
              >
                {STATUSES.map((value) => (
                  <option key={value} value={value}>
                    {tStatus(value)}
                  </option>
                ))}
              </Select>
            </div>
            <div className="min-w-56 flex-1 space-y-1">
              <Label htmlFor={`${id}-reason`}>{t("reason")}</Label>
              <Input
                id={`${id}-reason`}
                value={reason}
                maxLength={REASON_MAX}
                onChange={(event) => setReason(event.target.value)}
                aria-describedby={`${id}-reason-hint`}
              />
              <p id={`${id}-reason-hint`} className="text-xs text-slate-600">
                {t("reasonHint")}
              </p>
            </div>
          </>
        ) : null}
        {kind === "priority" ? (
          <div className="min-w-40 space-y-1">
            <Label htmlFor={`${id}-priority`}>{t("priority")}</Label>
            <Select
              id={`${id}-priority`}
              value={priority}
              onChange={(event) => setPriority(event.target.value as typeof priority)}
            >
              {PRIORITIES.map((value) => (
                <option key={value} value={value}>
                  {tPriority(value)}
                </option>
              ))}
            </Select>
          </div>
        ) : null}
        {kind === "tag" ? (
          <div className="min-w-48 space-y-1">
            <Label htmlFor={`${id}-tag`}>{t("tag")}</Label>
            <Input
              id={`${id}-tag`}
              value={tagName}
              maxLength={40}
              list={`${id}-tags`}
              onChange={(event) => setTagName(event.target.value)}
            />
            <datalist id={`${id}-tags`}>
              {tags.map((tag) => (
                <option key={tag.id} value={tag.name} />
              ))}
            </datalist>
          </div>
        ) : null}
        <Button type="submit" disabled={run.busy}>
          {run.busy ? t("applying") : t("apply")}
        </Button>
      </div>
      <Notice notice={notice} statusTestId="bulk-notice" errorTestId="bulk-error" />
      {outcomes.length > 0 ? (
        <ul className="space-y-0.5 text-sm" aria-label={t("resultsLabel")} data-testid="bulk-results">
          {outcomes.map((outcome) => (
            <li key={outcome.number} className={outcome.refused ? "text-red-800" : "text-slate-800"}>
              {t("resultLine", { number: outcome.number, text: outcome.text })}
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
