import "server-only";
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser";

// One received email as the rules below need it, from its raw MIME (the SMTP listener's DATA,
// or the raw message a provider posts): who sent it, to which addresses, its headers, text and
// files. mailparser does the MIME work.

export type TInboundAttachment = { fileName: string; contentType: string; content: Buffer; inline: boolean };

export type TInboundEmail = {
  messageId: string | null;
  from: string | null;
  /** The envelope's recipients (RCPT TO, a provider's "envelope") and the To/Cc/Delivered-To headers. */
  recipients: string[];
  /** The envelope sender (MAIL FROM): "" for a bounce, null when unknown (a provider's POST). */
  envelopeFrom: string | null;
  subject: string;
  text: string;
  html: string | null;
  headers: Map<string, string>;
  contentType: string;
  attachments: TInboundAttachment[];
  /** The delivery report's machine-readable part (message/delivery-status), when it has one. */
  deliveryStatus: string | null;
};

const DELIVERY_STATUS_TYPES = new Set(["message/delivery-status", "message/global-delivery-status"]);

export type TInboundEnvelope = { from?: string | null; to?: readonly string[] };

function addressesOf(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((entry) => entry.value.flatMap((a) => (a.address ? [a.address] : [])));
}

function headerText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(headerText).join(", ");
  if (value && typeof value === "object") {
    const v = value as { value?: unknown; text?: unknown };
    if (typeof v.value === "string") return v.value;
    if (typeof v.text === "string") return v.text;
  }
  return value === undefined || value === null ? "" : String(value);
}

/** A Message-ID as we may repeat it in a header: one "<…>" token, nothing else. */
function cleanMessageId(value: string | undefined): string | null {
  const id = value?.trim();
  return id && /^<[^<>\s]{1,250}>$/.test(id) ? id : null;
}

export async function parseInboundEmail(raw: Buffer, envelope: TInboundEnvelope = {}): Promise<TInboundEmail> {
  // keepDeliveryStatus: a report's delivery-status part is an attachment of its own, not text.
  const parsed: ParsedMail = await simpleParser(raw, {
    skipImageLinks: true,
    skipTextToHtml: true,
    keepDeliveryStatus: true,
  });
  const isDeliveryStatus = (a: { contentType: string }) => DELIVERY_STATUS_TYPES.has(a.contentType.toLowerCase());
  const report = parsed.attachments.find(isDeliveryStatus);
  const headers = new Map<string, string>();
  for (const [key, value] of parsed.headers) headers.set(key.toLowerCase(), headerText(value));
  const fromHeaders = ["delivered-to", "x-original-to", "envelope-to"].flatMap((name) =>
    (headers.get(name) ?? "")
      .split(",")
      .map((a) => a.trim().replace(/^<|>$/g, ""))
      .filter(Boolean),
  );
  const recipients = [
    ...(envelope.to ?? []),
    ...addressesOf(parsed.to),
    ...addressesOf(parsed.cc),
    ...fromHeaders,
  ].filter((address, index, all) => all.indexOf(address) === index);
  return {
    messageId: cleanMessageId(parsed.messageId),
    from: addressesOf(parsed.from)[0] ?? null,
    recipients,
    envelopeFrom: envelope.from === undefined ? null : (envelope.from ?? ""),
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    html: typeof parsed.html === "string" ? parsed.html : null,
    headers,
    contentType: headers.get("content-type") ?? "",
    deliveryStatus: report ? report.content.toString("utf8") : null,
    attachments: parsed.attachments
      .filter((a) => !isDeliveryStatus(a))
      .map((a) => ({
        fileName: a.filename ?? "piece-jointe",
        contentType: a.contentType,
        content: a.content,
        inline: a.related === true || (a.contentDisposition === "inline" && Boolean(a.cid)),
      })),
  };
}
