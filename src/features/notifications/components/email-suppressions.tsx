"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { liftEmailSuppressionAction } from "../actions/notification-actions";
import type { TEmailSuppression } from "../dto";

/** Addresses the relay refused for good (5xx): nothing is sent to them until an admin lifts them. */
export function EmailSuppressions({ suppressions }: { suppressions: TEmailSuppression[] }) {
  const t = useTranslations("email");
  const format = useFormatter();
  const [notice, setNotice] = useState<TNotice | null>(null);
  const lift = useAppAction(liftEmailSuppressionAction, {
    networkMessage: t("log.failed"),
    refresh: true,
    onSuccess: () => setNotice({ tone: "success", text: t("suppressions.lifted") }),
    onError: (error) => setNotice({ tone: "error", text: error.message }),
  });
  if (suppressions.length === 0) return <p className="text-slate-600">{t("suppressions.empty")}</p>;
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-200" data-testid="email-suppressions">
        {suppressions.map((s) => (
          <li key={s.userId} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0 space-y-1">
              <p className="font-medium break-all">{s.email}</p>
              <p className="text-sm break-all text-red-700">{s.reason}</p>
              <p className="text-sm text-slate-600">
                {format.dateTime(s.createdAt, { dateStyle: "short", timeStyle: "short" })}
              </p>
            </div>
            <Button
              type="button"
              size="sm"
              variant="secondary"
              disabled={lift.busy}
              onClick={() => {
                setNotice(null);
                lift.execute({ userId: s.userId });
              }}
            >
              {t("suppressions.lift")}
              <span className="sr-only"> {s.email}</span>
            </Button>
          </li>
        ))}
      </ul>
      <Notice notice={notice} />
    </div>
  );
}
