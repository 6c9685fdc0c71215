"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { resendEmailAction } from "../actions/notification-actions";

/** "Renvoyer" on a failed email: a copy is queued at once; the page refreshes to show it. */
export function ResendEmailButton({ id, recipient }: { id: string; recipient: string }) {
  const t = useTranslations("email");
  const [notice, setNotice] = useState<TNotice | null>(null);
  const resend = useAppAction(resendEmailAction, {
    networkMessage: t("log.failed"),
    refresh: true,
    onSuccess: (result) => {
      setNotice(
        result.ok
          ? { tone: "success", text: t("resend.done") }
          : { tone: "error", text: t(result.reason === "suppressed" ? "resend.suppressed" : "resend.notFailed") },
      );
    },
    onError: (error) => setNotice({ tone: "error", text: error.message }),
  });
  return (
    <span className="flex flex-col gap-1">
      <Button
        type="button"
        size="sm"
        variant="secondary"
        disabled={resend.busy}
        onClick={() => {
          setNotice(null);
          resend.execute({ id });
        }}
      >
        {t("resend.button")}
        <span className="sr-only"> {recipient}</span>
      </Button>
      <Notice notice={notice} look="text" />
    </span>
  );
}
