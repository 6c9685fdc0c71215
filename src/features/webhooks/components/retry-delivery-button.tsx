"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { errorNotice, Notice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { retryWebhookDeliveryAction } from "../actions/webhook-actions";

/** "Réessayer" on a delivery's page; the page refreshes to show it queued again. */
export function RetryDeliveryButton({ eventId, retryable }: { eventId: string; retryable: boolean }) {
  const t = useTranslations("webhooks.actions");
  const [done, setDone] = useState<string | null>(null);
  const retry = useAppAction(retryWebhookDeliveryAction, {
    networkMessage: t("failed"),
    refresh: true,
    onSuccess: (result) => setDone(result.retried ? t("retried") : t("notRetryable")),
  });

  return (
    <div className="space-y-2">
      {retryable ? (
        <Button
          type="button"
          onClick={() => {
            setDone(null);
            retry.execute({ eventId });
          }}
          disabled={retry.busy}
          aria-busy={retry.busy}
        >
          {retry.busy ? t("retrying") : t("retry")}
        </Button>
      ) : null}
      <Notice notice={done ? { tone: "success", text: done } : errorNotice(retry.error)} look="text" />
    </div>
  );
}
