import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { bounceCauseOf, type TEmailState } from "@/lib/notification-values";

const STATE_TONE = {
  pending: "blue",
  sending: "amber",
  sent: "green",
  kept: "violet",
  failed: "red",
  merged: "neutral",
  bounced: "red",
} as const;

/**
 * The email's state, and why when it failed ("Échec : refusé par le serveur"), or the status
 * code of its delivery report when it bounced ("Retourné : 5.1.1, adresse du destinataire").
 */
export function EmailStateBadge({ state, reason }: { state: TEmailState; reason: string | null }) {
  const t = useTranslations("email");
  const stateLabel = t(`states.${state}`);
  const reasonKey = `reasons.${reason}` as "reasons.rejected";
  const cause = state === "bounced" && reason ? bounceCauseOf(reason) : null;
  const label =
    cause && reason
      ? t("stateWithReason", {
          state: stateLabel,
          reason: t("bounce", { status: reason, cause: t(`bounceCauses.${cause}`) }),
        })
      : reason && t.has(reasonKey)
        ? t("stateWithReason", { state: stateLabel, reason: t(reasonKey) })
        : stateLabel;
  return (
    <Badge tone={STATE_TONE[state]} className="rounded-md text-left whitespace-normal">
      {label}
    </Badge>
  );
}
