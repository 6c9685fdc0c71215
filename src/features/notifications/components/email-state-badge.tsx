import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { TEmailState } from "@/lib/notification-values";

const STATE_TONE = {
  pending: "blue",
  sending: "amber",
  sent: "green",
  kept: "violet",
  failed: "red",
  merged: "neutral",
} as const;

/** The email's state, and why when it failed ("Échec : refusé par le serveur"). */
export function EmailStateBadge({ state, reason }: { state: TEmailState; reason: string | null }) {
  const t = useTranslations("email");
  const stateLabel = t(`states.${state}`);
  const reasonKey = `reasons.${reason}` as "reasons.rejected";
  const label =
    reason && t.has(reasonKey) ? t("stateWithReason", { state: stateLabel, reason: t(reasonKey) }) : stateLabel;
  return (
    <Badge tone={STATE_TONE[state]} className="rounded-md text-left whitespace-normal">
      {label}
    </Badge>
  );
}
