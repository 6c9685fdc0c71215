import "server-only";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/server/env";
import { logUnexpectedError } from "@/server/log";
import { receiveInboundEmail } from "../service/receive-inbound-email";

// POST /api/email/inbound: a provider's inbound parse, one common format: the raw MIME message,
// either as the body (Content-Type: message/rfc822) or as a form field (multipart/form-data or
// urlencoded) named "email" (SendGrid Inbound Parse with "POST the raw, full MIME message") or
// "body-mime" (Mailgun routes' forward to …/mime), with the envelope's recipients in "envelope"
// (SendGrid's JSON) or "recipient" (Mailgun). Protected by MAIL_INBOUND_SECRET, given as a
// Bearer token, as the password of Basic auth in the URL (https://any:secret@host/…), or as
// Mailgun's webhook signing key (timestamp, token, signature; 5 minutes at most). Off (404)
// while the secret is unset.

const SIGNATURE_MAX_AGE_SECONDS = 300;

const text = (body: string, status: number) =>
  new Response(`${body}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

function sameSecret(given: string, secret: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(secret).digest();
  return timingSafeEqual(a, b);
}

function authorizedByHeader(request: Request, secret: string): boolean {
  const header = request.headers.get("authorization") ?? "";
  const [scheme = "", value = ""] = header.split(" ", 2);
  if (/^bearer$/i.test(scheme)) return sameSecret(value.trim(), secret);
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value.trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return colon >= 0 && sameSecret(decoded.slice(colon + 1), secret);
  }
  return false;
}

/** Mailgun: signature = HMAC-SHA256(signing key, timestamp + token), hex; a fresh timestamp. */
function authorizedBySignature(form: FormData, secret: string, now = Date.now()): boolean {
  const timestamp = String(form.get("timestamp") ?? "");
  const token = String(form.get("token") ?? "");
  const signature = String(form.get("signature") ?? "");
  if (!/^\d{1,12}$/.test(timestamp) || token.length === 0 || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > SIGNATURE_MAX_AGE_SECONDS) return false;
  const expected = createHmac("sha256", secret)
    .update(timestamp + token)
    .digest();
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}

/** The body, refused past `max` bytes whatever Content-Length says. */
async function readCapped(request: Request, max: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) return null;
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function envelopeRecipients(form: FormData): string[] {
  const recipients: string[] = [];
  const envelope = form.get("envelope");
  if (typeof envelope === "string") {
    try {
      const to = (JSON.parse(envelope) as { to?: unknown }).to;
      if (Array.isArray(to)) recipients.push(...to.filter((a): a is string => typeof a === "string"));
    } catch {
      // Not JSON: the headers still name the recipients.
    }
  }
  const recipient = form.get("recipient");
  if (typeof recipient === "string") recipients.push(...recipient.split(",").map((a) => a.trim()));
  return recipients.slice(0, 50);
}

async function rawOfField(value: FormDataEntryValue | null): Promise<Buffer | null> {
  if (value === null) return null;
  return typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(await value.arrayBuffer());
}

export async function handleInboundEmailWebhook(request: Request): Promise<Response> {
  const secret = env().MAIL_INBOUND_SECRET;
  if (!secret) return text("Not found", 404);
  const headerOk = authorizedByHeader(request, secret);
  // Room for the form's framing and a base64 or urlencoded copy of the message.
  const body = await readCapped(request, Math.ceil(env().MAIL_INBOUND_MAX_BYTES * 1.5));
  if (!body) return text("Too large", 413);
  const contentType = request.headers.get("content-type") ?? "";
  let raw: Buffer | null = null;
  let recipients: string[] = [];
  let signatureOk = false;
  if (/^message\/rfc822\b/i.test(contentType)) {
    raw = body;
  } else if (/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(contentType)) {
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
    } catch {
      return headerOk ? text("Malformed form", 400) : text("Unauthorized", 401);
    }
    signatureOk = authorizedBySignature(form, secret);
    raw = (await rawOfField(form.get("email"))) ?? (await rawOfField(form.get("body-mime")));
    recipients = envelopeRecipients(form);
  }
  if (!headerOk && !signatureOk) return text("Unauthorized", 401);
  if (!raw || raw.length === 0) return text("No raw message (email or body-mime field, or message/rfc822 body)", 400);
  if (raw.length > env().MAIL_INBOUND_MAX_BYTES) return text("Too large", 413);
  try {
    const result = await receiveInboundEmail(raw, { source: "http", envelope: { to: recipients } });
    return Response.json({ ok: true, outcome: result.outcome });
  } catch (error) {
    logUnexpectedError("email-replies: inbound webhook", error);
    // Providers retry a 5xx later; the email was released for that retry.
    return new Response("Try again later\n", { status: 503, headers: { "retry-after": "60" } });
  }
}
