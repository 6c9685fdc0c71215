import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Link } from "@/i18n/navigation";
import type { TWebhookDeliveryDetails } from "../dto";
import { typeLabelKey } from "./delivery-labels";
import { DeliveryStateBadge, DeliveryTypeLabel } from "./delivery-state-badge";
import { RetryDeliveryButton } from "./retry-delivery-button";

/** One delivery: its state, the exact JSON body, and every attempt with what came back. */
export async function DeliveryDetails({ delivery }: { delivery: TWebhookDeliveryDetails }) {
  const t = await getTranslations("webhooks");
  const format = await getFormatter();
  const when = (value: Date | null) =>
    value ? format.dateTime(value, { dateStyle: "medium", timeStyle: "medium" }) : t("list.none");
  const field = (label: string, value: ReactNode, testId?: string) => (
    <div className="min-w-0">
      <dt className="text-slate-600">{label}</dt>
      <dd className="break-words" data-testid={testId}>
        {value}
      </dd>
    </div>
  );

  return (
    <div className="space-y-6">
      <Card aria-labelledby="delivery-summary-title">
        <CardHeader>
          <CardTitle id="delivery-summary-title">
            <DeliveryTypeLabel type={delivery.type} labelKey={typeLabelKey(delivery.type)} />
          </CardTitle>
        </CardHeader>
        <CardContent className="space-y-4">
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            {field(t("details.eventId"), <code className="break-all">{delivery.id}</code>, "webhook-event-id")}
            {field(t("details.state"), <DeliveryStateBadge state={delivery.state} reason={delivery.stateReason} />)}
            {field(
              t("details.ticket"),
              delivery.ticketNumber === null || delivery.ticketId === null ? (
                t("list.none")
              ) : (
                <Link
                  href={`/admin/demandes/${delivery.ticketId}`}
                  className="text-brand-700 underline underline-offset-4"
                >
                  {t("list.ticketNumber", { number: delivery.ticketNumber })}
                </Link>
              ),
            )}
            {field(t("details.attemptCount"), delivery.attemptCount)}
            {field(t("details.created"), when(delivery.createdAt))}
            {field(t("details.firstAttempt"), when(delivery.firstAttemptAt))}
            {delivery.deliveredAt ? field(t("details.delivered"), when(delivery.deliveredAt)) : null}
            {delivery.nextAttemptAt ? field(t("details.nextAttempt"), when(delivery.nextAttemptAt)) : null}
            {delivery.lastError ? field(t("details.lastError"), delivery.lastError) : null}
          </dl>
          <RetryDeliveryButton
            eventId={delivery.id}
            retryable={delivery.canSend && (delivery.state === "failed" || delivery.state === "skipped")}
          />
        </CardContent>
      </Card>

      <Card aria-labelledby="delivery-payload-title">
        <CardHeader>
          <CardTitle id="delivery-payload-title">{t("details.payload")}</CardTitle>
          <p className="text-sm text-slate-600">{t("details.payloadHint")}</p>
        </CardHeader>
        <CardContent>
          <pre
            className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed break-words whitespace-pre-wrap text-slate-100"
            data-testid="webhook-payload"
          >
            {JSON.stringify(delivery.payload, null, 2)}
          </pre>
        </CardContent>
      </Card>

      <Card aria-labelledby="delivery-attempts-title">
        <CardHeader>
          <CardTitle id="delivery-attempts-title">{t("details.attempts")}</CardTitle>
        </CardHeader>
        <CardContent>
          {delivery.attempts.length === 0 ? (
            <p className="text-slate-600">{t("details.noAttempts")}</p>
          ) : (
            <ol className="space-y-3">
              {delivery.attempts.map((attempt) => (
                <li
                  key={attempt.attempt}
                  className="rounded-md border border-slate-200 p-3"
                  data-testid="webhook-attempt"
                >
                  <h3 className="text-sm font-semibold">{t("details.attempt", { number: attempt.attempt })}</h3>
                  <dl className="mt-2 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
                    {field(t("details.startedAt"), when(attempt.startedAt))}
                    {field(t("details.duration"), t("details.durationMs", { ms: format.number(attempt.durationMs) }))}
                    {field(
                      t("details.status"),
                      attempt.statusCode === null
                        ? t("details.noResponse")
                        : t("list.statusCode", { code: attempt.statusCode }),
                    )}
                    {attempt.error ? field(t("details.error"), attempt.error) : null}
                    {attempt.nextAttemptAt ? field(t("details.nextAttempt"), when(attempt.nextAttemptAt)) : null}
                    {attempt.responseExcerpt ? (
                      <div className="min-w-0 sm:col-span-2">
                        <dt className="text-slate-600">{t("details.response")}</dt>
                        <dd>
                          <pre className="mt-1 max-h-40 overflow-auto rounded bg-slate-100 p-2 text-xs break-words whitespace-pre-wrap">
                            {attempt.responseExcerpt}
                          </pre>
                        </dd>
                      </div>
                    ) : null}
                  </dl>
                </li>
              ))}
            </ol>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
