"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useRouter } from "@/i18n/navigation";
import { enableWebhookEndpointAction } from "../actions/webhook-actions";

type TNotice = { tone: "success" | "error"; text: string } | null;

/**
 * "Réactiver le point de terminaison" while the endpoint is disabled. Rendered whatever the
 * state, so the success message outlives the button (which goes away once the page refreshes);
 * focus moves to that message instead of being lost with the button.
 */
export function EnableEndpointControl({ disabled }: { disabled: boolean }) {
  const t = useTranslations("webhooks.endpoint");
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<TNotice>(null);
  const successRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (notice?.tone === "success") successRef.current?.focus();
  }, [notice]);

  async function enable() {
    setPending(true);
    setNotice(null);
    try {
      const result = await enableWebhookEndpointAction({});
      if (result.ok) {
        setNotice({ tone: "success", text: t("enabled") });
        router.refresh();
      } else {
        setNotice({ tone: "error", text: result.message });
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-2">
      {disabled ? (
        <Button type="button" variant="danger" onClick={enable} disabled={pending} aria-busy={pending}>
          {pending ? t("enabling") : t("enable")}
        </Button>
      ) : null}
      <div role="status">
        {notice?.tone === "success" ? (
          <p ref={successRef} tabIndex={-1} className="text-sm text-green-800">
            {notice.text}
          </p>
        ) : null}
      </div>
      <div role="alert">{notice?.tone === "error" ? <p className="text-sm text-red-800">{notice.text}</p> : null}</div>
    </div>
  );
}
