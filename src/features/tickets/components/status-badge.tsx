import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { TTicketPriority, TTicketStatus } from "@/server/db/schema";

const STATUS_TONE = { open: "blue", in_progress: "amber", resolved: "green", closed: "neutral" } as const;
const PRIORITY_TONE = { low: "neutral", medium: "blue", high: "amber", urgent: "red" } as const;

export function StatusBadge({ status }: { status: TTicketStatus }) {
  const t = useTranslations("status");
  return (
    <Badge tone={STATUS_TONE[status]} data-testid="status-badge">
      {t(status)}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: TTicketPriority }) {
  const t = useTranslations("priority");
  return (
    <Badge tone={PRIORITY_TONE[priority]} data-testid="priority-badge">
      {t(priority)}
    </Badge>
  );
}

export function CategoryBadge({ label }: { label: string }) {
  return (
    <Badge tone="violet" data-testid="category-badge">
      {label}
    </Badge>
  );
}

/** What a student may know about assignment: someone has it, or not yet. Never who. */
export function AssignmentBadge({ isAssigned }: { isAssigned: boolean }) {
  const t = useTranslations("student");
  return (
    <Badge tone={isAssigned ? "green" : "neutral"} className="border border-current/20 bg-transparent">
      {isAssigned ? t("assigned") : t("notAssigned")}
    </Badge>
  );
}

/** "Nouvelle réponse": the other side wrote since this user last opened the ticket. */
export function UnreadBadge({ label }: { label: string }) {
  return (
    <Badge tone="red" className="gap-1.5" data-testid="unread-badge">
      <span aria-hidden="true" className="size-2 rounded-full bg-red-600" />
      {label}
    </Badge>
  );
}
