import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import type { TEmailConfig } from "../config";

const transports = new Map<string, Transporter>();

/** One nodemailer SMTP transport per configuration (URL and TLS options), reused across jobs. */
export function smtpTransport(config: TEmailConfig): Transporter {
  if (!config.smtpUrl) throw new Error("SMTP_URL is not set");
  const key = `${config.smtpUrl}|${config.requireTls}|${config.rejectUnauthorized}`;
  let transport = transports.get(key);
  if (!transport) {
    transport = nodemailer.createTransport({
      url: config.smtpUrl,
      requireTLS: config.requireTls,
      tls: { rejectUnauthorized: config.rejectUnauthorized },
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    transports.set(key, transport);
  }
  return transport;
}

export type TSendFailure = { permanent: boolean; description: string };

/**
 * What an SMTP failure means for the next attempt: a 5xx reply (550 mailbox unknown, 554…) will
 * not change by itself, so it is permanent; a 4xx reply (421 busy, 451 try later, greylisting)
 * and a connection error or timeout are retried with backoff.
 */
export function classifySendFailure(error: unknown): TSendFailure {
  const e = error as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
  const code = typeof e?.responseCode === "number" ? e.responseCode : null;
  const text = String(e?.response ?? e?.message ?? error)
    .replace(/\s+/g, " ")
    .slice(0, 300);
  if (code !== null && code >= 500 && code < 600) return { permanent: true, description: `SMTP ${code}: ${text}` };
  if (code !== null) return { permanent: false, description: `SMTP ${code}: ${text}` };
  const kind = typeof e?.code === "string" ? e.code : "ERROR";
  return { permanent: false, description: `${kind}: ${text}` };
}
