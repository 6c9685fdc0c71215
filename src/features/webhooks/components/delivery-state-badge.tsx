import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/cn";
import type { TWebhookState } from "@/server/db/schema";

const STATE_TONE = { pending: "blue", delivered: "green", failed: "red", skipped: "neutral" } as const;

/** "Non envoyé : aucun point de terminaison": the state, and why when it was not delivered. */
export function DeliveryStateBadge({
  state,
  reason,
  className,
}: {
  state: TWebhookState;
  reason: string | null;
  className?: string;
}) {
  const t = useTranslations("webhooks");
  const stateLabel = t(`states.${state}`);
  const reasonKey = `reasons.${reason}` as "reasons.no_endpoint";
  const reasonLabel = reason ? (t.has(reasonKey) ? t(reasonKey) : reason) : null;
  return (
    <Badge tone={STATE_TONE[state]} className={cn("rounded-md text-left whitespace-normal", className)}>
      {reasonLabel ? t("stateWithReason", { state: stateLabel, reason: reasonLabel }) : stateLabel}
    </Badge>
  );
}

/** The event type's label, with its code (what a Make.com filter matches on). */
export function DeliveryTypeLabel({ type, labelKey }: { type: string; labelKey: string | null }) {
  const t = useTranslations("webhooks");
  return (
    <span className="flex flex-col">
      {labelKey ? <span className="font-medium">{t(`types.${labelKey}` as "types.test")}</span> : null}
      <code className="text-xs break-all text-slate-600">{type}</code>
    </span>
  );
}
