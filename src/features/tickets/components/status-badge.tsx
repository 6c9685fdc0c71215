import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { TTicketPriority, TTicketStatus } from "@/server/db/schema";

const STATUS_TONE = { open: "blue", in_progress: "amber", resolved: "green", closed: "neutral" } as const;
const PRIORITY_TONE = { low: "neutral", medium: "blue", high: "amber", urgent: "red" } as const;

export function StatusBadge({ status }: { status: TTicketStatus }) {
  const t = useTranslations("status");
  return <Badge tone={STATUS_TONE[status]}>{t(status)}</Badge>;
}

export function PriorityBadge({ priority }: { priority: TTicketPriority }) {
  const t = useTranslations("priority");
  return <Badge tone={PRIORITY_TONE[priority]}>{t(priority)}</Badge>;
}
