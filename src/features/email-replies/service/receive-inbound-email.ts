import "server-only";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { type TStoredAttachmentFile, uploadTicketAttachment } from "@/features/attachments";
import {
  bounceTokenOfAddress,
  enqueueClosedRequestAnswer,
  recordDeliveryReport,
  replyTokenOfAddress,
  resolveReplyToken,
  type TReplyTarget,
} from "@/features/notifications";
import { addTicketMessage } from "@/features/tickets";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { getLogger, logUnexpectedError } from "@/server/log";
import { getStorage } from "@/server/storage";
import { automaticReasonOf } from "../automatic-mail";
import { parseDeliveryStatus } from "../delivery-status";
import { parseInboundEmail, type TInboundEmail, type TInboundEnvelope } from "../parse-inbound";
import { extractReplyText } from "../reply-text";
import { claimInboundEmail, recordInboundOutcome, releaseInboundEmail, type TInboundSource } from "../repository";

export type TInboundOutcome =
  /** The reply is a message of the request now. */
  | "added"
  /** The request is closed: the sender got the automatic "create a new request" answer. */
  | "answered_closed"
  /** Written by no person (auto-reply, list, bounce): nothing done, nothing answered. */
  | "ignored_automatic"
  /** Nothing left once the quoted history and signature are cut, and no file. */
  | "ignored_empty"
  /** The same email again (a provider's retry): done once already. */
  | "duplicate"
  /** A delivery report to an email's bounce address: a permanent failure, the email bounced, its address suspended. */
  | "bounced"
  /** Mail to a bounce address that changes nothing: a delay, a success, no report, an email not sent. */
  | "ignored_report"
  /**
   * No reply address, a forged, altered or expired one, or sent by someone else than its user;
   * a bounce address that is forged, expired or unknown, or a report about another recipient.
   */
  | "refused";

export type TInboundResult = { outcome: TInboundOutcome; detail?: string };

type TDecision = TInboundResult & { userId?: string | null; ticketId?: string | null };

const ATTACHMENTS_ONLY = { "fr-CA": "(Pièces jointes envoyées par courriel)", en: "(Attachments sent by email)" };

const log = () => getLogger();

/** The first recipient address that is an email's bounce address (its envelope sender). */
function bounceTokenOf(email: TInboundEmail): string | null {
  for (const address of email.recipients) {
    const token = bounceTokenOfAddress(address);
    if (token) return token;
  }
  return null;
}

/**
 * Mail to a bounce address: only ever a delivery report about that email. Never a message,
 * never answered, whatever it says; a permanent failure for the email's recipient bounces it
 * (notifications' recordDeliveryReport). The log keeps codes only, never the report's text.
 */
async function decideReport(email: TInboundEmail, token: string): Promise<TDecision> {
  if (email.deliveryStatus === null) return { outcome: "ignored_report", detail: "no_report" };
  const result = await recordDeliveryReport(token, parseDeliveryStatus(email.deliveryStatus));
  const who = { userId: result.userId ?? null, ticketId: result.ticketId ?? null };
  if (result.outcome === "bounced") return { outcome: "bounced", detail: result.status, ...who };
  if (result.outcome === "ignored") {
    return {
      outcome: "ignored_report",
      detail: result.status ? `${result.reason} ${result.status}` : result.reason,
      ...who,
    };
  }
  const reason = result.reason === "recipient_mismatch" ? result.reason : `token_${result.reason}`;
  return { outcome: "refused", detail: `bounce_${reason}`, ...who };
}

/** The first recipient address that carries a reply token. */
function replyTokenOf(email: TInboundEmail): string | null {
  for (const address of email.recipients) {
    const token = replyTokenOfAddress(address);
    if (token) return token;
  }
  return null;
}

/**
 * Stores the files of a reply through the upload checks (type from the content, 32 MiB each,
 * ATTACHMENT_MAX_FILES). A refused file is left out, never the reply; inline images (signature
 * logos) are not files of the reply.
 */
async function storeAttachments(ticketId: string, email: TInboundEmail) {
  const stored: TStoredAttachmentFile[] = [];
  const refused: string[] = [];
  for (const attachment of email.attachments) {
    if (attachment.inline) continue;
    if (stored.length >= env().ATTACHMENT_MAX_FILES) {
      refused.push("tooMany");
      continue;
    }
    try {
      stored.push(
        await uploadTicketAttachment(ticketId, {
          fileName: attachment.fileName,
          stream: Readable.from([attachment.content]),
        }),
      );
    } catch (error) {
      if (!(error instanceof AppError)) {
        await removeStored(stored);
        throw error;
      }
      refused.push(error.code);
    }
  }
  return { stored, refused };
}

async function removeStored(files: readonly TStoredAttachmentFile[]) {
  if (files.length === 0) return;
  await getStorage()
    .remove(files.map((file) => file.filePath))
    .catch((error: unknown) => logUnexpectedError("email-replies: could not remove stored files", error));
}

/** The reply as the token's user, through the one reply service (history, webhook, emails, live). */
async function addReply(target: TReplyTarget, email: TInboundEmail): Promise<TInboundResult> {
  const text = extractReplyText(email.text);
  const files = await storeAttachments(target.ticketId, email);
  if (text === "" && files.stored.length === 0) return { outcome: "ignored_empty" };
  const message =
    text === "" ? (target.user.locale.startsWith("en") ? ATTACHMENTS_ONLY.en : ATTACHMENTS_ONLY["fr-CA"]) : text;
  try {
    await addTicketMessage(target.user, { ticketId: target.ticketId, message }, { files: files.stored });
  } catch (error) {
    await removeStored(files.stored);
    // Closed between the token's lookup and the reply's lock.
    if (error instanceof AppError && error.code === "TICKET_CLOSED") return { outcome: "answered_closed" };
    throw error;
  }
  const detail = files.refused.length > 0 ? `files left out: ${files.refused.join(", ")}` : undefined;
  return { outcome: "added", ...(detail ? { detail } : {}) };
}

async function decideReply(
  email: TInboundEmail,
  messageKey: string,
): Promise<TInboundResult & { target?: TReplyTarget }> {
  const automatic = automaticReasonOf(email);
  if (automatic) return { outcome: "ignored_automatic", detail: automatic };
  const token = replyTokenOf(email);
  if (!token) return { outcome: "refused", detail: "no_reply_address" };
  const resolved = await resolveReplyToken(token);
  if (!resolved.ok) return { outcome: "refused", detail: `token_${resolved.reason}` };
  const { target } = resolved;
  // The token names one person: a message is never theirs unless they sent it.
  if (!email.from || email.from.toLowerCase() !== target.user.email.toLowerCase()) {
    return { outcome: "refused", detail: "sender_mismatch", target };
  }
  if (target.user.role !== "student" && target.user.role !== "admin") {
    return { outcome: "refused", detail: "role", target };
  }
  const result =
    target.ticketStatus === "closed" ? { outcome: "answered_closed" as const } : await addReply(target, email);
  if (result.outcome === "answered_closed") {
    await enqueueClosedRequestAnswer({ target, inboundKey: messageKey, inReplyTo: email.messageId });
  }
  return { ...result, target };
}

async function decide(email: TInboundEmail, messageKey: string): Promise<TDecision> {
  // A bounce address among the recipients wins: a report is never a reply, even if it also
  // names a reply address.
  const bounceToken = bounceTokenOf(email);
  if (bounceToken) return decideReport(email, bounceToken);
  const { target, ...result } = await decideReply(email, messageKey);
  return { ...result, userId: target?.user.id ?? null, ticketId: target?.ticketId ?? null };
}

/**
 * One received email (issue 13, "In"), from the SMTP listener or a provider's POST: mail to an
 * email's bounce address is a delivery report about that email (never a message); automatic
 * mail is ignored; the reply address's signed token names the user and the request; the sender
 * must be that user; a closed request gets the automatic answer; otherwise the new text (quote
 * and signature cut) and its files become that user's message through addTicketMessage.
 * Throws only for a passing failure (database down): the claim is released so that the
 * sender's retry is processed.
 */
export async function receiveInboundEmail(
  raw: Buffer,
  meta: { source: TInboundSource; envelope?: TInboundEnvelope },
): Promise<TInboundResult> {
  const email = await parseInboundEmail(raw, meta.envelope);
  const messageKey = createHash("sha256")
    .update(email.messageId ?? raw)
    .digest("hex");
  const claim = await claimInboundEmail(messageKey, meta.source, email.from);
  if (!claim) return { outcome: "duplicate" };
  try {
    const { userId, ticketId, ...result } = await decide(email, messageKey);
    await recordInboundOutcome(claim, {
      outcome: result.outcome,
      detail: result.detail ?? null,
      userId: userId ?? null,
      ticketId: ticketId ?? null,
    });
    const line = { scope: "email-replies", source: meta.source, outcome: result.outcome, detail: result.detail };
    if (result.outcome === "refused") log().warn(line, "inbound email refused");
    else log().info({ ...line, ticketId: ticketId ?? undefined }, "inbound email");
    return result;
  } catch (error) {
    await releaseInboundEmail(claim).catch(() => {});
    throw error;
  }
}
