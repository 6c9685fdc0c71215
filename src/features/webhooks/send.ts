import "server-only";
import { Webhook } from "standardwebhooks";
import type { TWebhookConfig } from "./config";

export type TSendOutcome =
  | { kind: "delivered"; statusCode: number; responseExcerpt: string }
  | { kind: "retry"; statusCode: number | null; error: string; retryAfterMs: number | null; responseExcerpt: string }
  | { kind: "failed"; statusCode: number; error: string; responseExcerpt: string }
  | { kind: "gone"; statusCode: 410; error: string; responseExcerpt: string };

const EXCERPT_LENGTH = 500;

/** Every HTTP-date form (IMF-fixdate, RFC 850, asctime) starts with the day's name. */
const HTTP_DATE_START = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? /i;

/** Retry-After as seconds or an HTTP date, in milliseconds from now (null when absent or invalid). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Date.parse alone reads almost anything ("-5", "1.5" are dates in 2001 to V8).
  if (!HTTP_DATE_START.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * Make.com's answers (https://www.make.com/en/help/tools/webhooks): 200 "Accepted" =
 * delivered; 429, 5xx and 400 "Queue is full" are temporary (retry); 410 Gone means the
 * webhook was deleted (disable the endpoint); any other 4xx is final.
 */
export function classifyResponse(statusCode: number, body: string, retryAfter: string | null): TSendOutcome {
  const responseExcerpt = body.slice(0, EXCERPT_LENGTH);
  if (statusCode >= 200 && statusCode < 300) return { kind: "delivered", statusCode, responseExcerpt };
  if (statusCode === 410) return { kind: "gone", statusCode, error: "HTTP 410 Gone", responseExcerpt };
  const retryAfterMs = parseRetryAfter(retryAfter);
  if (statusCode === 429 || statusCode >= 500 || (statusCode === 400 && /queue is full/i.test(body))) {
    return { kind: "retry", statusCode, error: `HTTP ${statusCode}`, retryAfterMs, responseExcerpt };
  }
  return { kind: "failed", statusCode, error: `HTTP ${statusCode}`, responseExcerpt };
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `timeout after ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  if (cause?.code) return `connection error (${cause.code})`;
  return "connection error";
}

/** POSTs one event body, signed per Standard Webhooks when a secret is configured. */
export async function sendWebhook(
  config: TWebhookConfig,
  endpointUrl: string,
  event: { id: string; body: string },
): Promise<TSendOutcome> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "support-tickets-webhooks/1",
  };
  if (config.apiKey) headers["x-make-apikey"] = config.apiKey;
  if (config.signingSecret) {
    const timestamp = new Date();
    headers["webhook-id"] = event.id;
    headers["webhook-timestamp"] = String(Math.floor(timestamp.getTime() / 1000));
    headers["webhook-signature"] = new Webhook(config.signingSecret).sign(event.id, timestamp, event.body);
  }
  try {
    const response = await fetch(endpointUrl, {
      method: "POST",
      headers,
      body: event.body,
      redirect: "manual",
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    const body = await response.text();
    return classifyResponse(response.status, body, response.headers.get("retry-after"));
  } catch (error) {
    return {
      kind: "retry",
      statusCode: null,
      error: describeNetworkError(error, config.timeoutMs),
      retryAfterMs: null,
      responseExcerpt: "",
    };
  }
}
