"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { errorNotice, Notice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { enableWebhookEndpointAction } from "../actions/webhook-actions";

/**
 * "Réactiver le point de terminaison" while the endpoint is disabled. Rendered whatever the
 * state, so the success message outlives the button (which goes away once the page refreshes);
 * focus moves to that message instead of being lost with the button.
 */
export function EnableEndpointControl({ disabled }: { disabled: boolean }) {
  const t = useTranslations("webhooks.endpoint");
  const tActions = useTranslations("webhooks.actions");
  const [enabled, setEnabled] = useState(false);
  const enable = useAppAction(enableWebhookEndpointAction, {
    networkMessage: tActions("failed"),
    refresh: true,
    onSuccess: () => setEnabled(true),
  });

  return (
    <div className="space-y-2">
      {disabled ? (
        <Button
          type="button"
          variant="danger"
          onClick={() => {
            setEnabled(false);
            enable.execute(undefined);
          }}
          disabled={enable.busy}
          aria-busy={enable.busy}
        >
          {enable.busy ? t("enabling") : t("enable")}
        </Button>
      ) : null}
      <Notice
        notice={enabled ? { tone: "success", text: t("enabled") } : errorNotice(enable.error)}
        look="text"
        focusOnSuccess
      />
    </div>
  );
}
