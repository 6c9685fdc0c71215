"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useRouter } from "@/i18n/navigation";
import { retryWebhookDeliveryAction } from "../actions/webhook-actions";

type TNotice = { tone: "success" | "error"; text: string } | null;

/** "Réessayer" on a delivery's page; the page refreshes to show it queued again. */
export function RetryDeliveryButton({ eventId, retryable }: { eventId: string; retryable: boolean }) {
  const t = useTranslations("webhooks.actions");
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<TNotice>(null);

  async function retry() {
    setPending(true);
    setNotice(null);
    try {
      const result = await retryWebhookDeliveryAction({ eventId });
      if (!result.ok) {
        setNotice({ tone: "error", text: result.message });
        return;
      }
      setNotice({ tone: "success", text: result.data.retried ? t("retried") : t("notRetryable") });
      router.refresh();
    } catch {
      setNotice({ tone: "error", text: t("failed") });
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-2">
      {retryable ? (
        <Button type="button" onClick={retry} disabled={pending} aria-busy={pending}>
          {pending ? t("retrying") : t("retry")}
        </Button>
      ) : null}
      <div role="status">
        {notice?.tone === "success" ? <p className="text-sm text-green-800">{notice.text}</p> : null}
      </div>
      <div role="alert">{notice?.tone === "error" ? <p className="text-sm text-red-800">{notice.text}</p> : null}</div>
    </div>
  );
}
