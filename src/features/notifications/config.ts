import "server-only";
import { env } from "@/server/env";
import { BOUNCE_LOCAL_PART } from "./bounce-token";

export type TEmailConfig = {
  /** Unset: emails are rendered and kept, not sent. */
  smtpUrl: string | null;
  mailFrom: string;
  coalesceSeconds: number;
  requireTls: boolean;
  rejectUnauthorized: boolean;
  appUrl: string;
  unsubscribeTtlDays: number;
  /** Reply-To: <replyLocalPart>+<token>@<inboundDomain> (MAIL_FROM's parts by default). */
  replyLocalPart: string;
  inboundDomain: string;
  /**
   * The envelope sender's domain: bounce+<token>@<bounceDomain>, so delivery reports come back
   * to us. Only MAIL_INBOUND_DOMAIN set explicitly: without it nothing of ours receives them,
   * and the relay's default envelope (MAIL_FROM) stays.
   */
  bounceDomain: string | null;
};

export function emailConfig(): TEmailConfig {
  const e = env();
  return {
    smtpUrl: e.SMTP_URL ? e.SMTP_URL : null,
    mailFrom: e.MAIL_FROM,
    coalesceSeconds: e.EMAIL_COALESCE_SECONDS,
    requireTls: e.SMTP_REQUIRE_TLS,
    rejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED !== "false",
    appUrl: e.appUrl.replace(/\/+$/, ""),
    unsubscribeTtlDays: e.EMAIL_UNSUBSCRIBE_TTL_DAYS,
    replyLocalPart: e.MAIL_REPLY_LOCAL_PART ?? replyLocalPartOf(e.MAIL_FROM),
    inboundDomain: e.MAIL_INBOUND_DOMAIN ?? addressPartsOf(e.MAIL_FROM).domain,
    bounceDomain: e.MAIL_INBOUND_DOMAIN ?? null,
  };
}

/** MAIL_FROM's local part, unless it is the bounce addresses' own ("bounce"). */
function replyLocalPartOf(mailFrom: string): string {
  const { localPart } = addressPartsOf(mailFrom);
  return localPart.toLowerCase() === BOUNCE_LOCAL_PART ? "reply" : localPart;
}

/** "Soutien <soutien+x@example.com>" → { localPart: "soutien", domain: "example.com" }. */
export function addressPartsOf(mailbox: string): { localPart: string; domain: string } {
  const address = /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox.trim();
  const at = address.lastIndexOf("@");
  const local = (at > 0 ? address.slice(0, at) : address).split("+")[0]?.replace(/[^A-Za-z0-9._-]/g, "") || "reply";
  const domain = at > 0 ? address.slice(at + 1).replace(/[^A-Za-z0-9.-]/g, "") || "localhost" : "localhost";
  return { localPart: local.slice(0, 20), domain };
}

/** The domain of our Message-IDs: the app's host, so they are unique to this installation. */
export function messageIdDomain(appUrl: string): string {
  try {
    return new URL(appUrl).hostname || "localhost";
  } catch {
    return "localhost";
  }
}
