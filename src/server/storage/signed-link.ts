import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "../env";
import type { TDisposition } from "./types";

// Local download links: /api/attachments/{id}/file?d=…&e=…&s=… where s is an HMAC over the
// attachment, the user it was made for, the expiry and the disposition. The file route checks
// the signature AND the caller's access again, so a leaked link is useless to anyone else.

function linkKey(): Buffer {
  const secret = env().ATTACHMENT_URL_SECRET ?? env().BETTER_AUTH_SECRET;
  if (!secret) throw new Error("ATTACHMENT_URL_SECRET or BETTER_AUTH_SECRET must be set to sign download links");
  // A key of its own, derived from the secret, so the auth secret never signs anything else directly.
  return createHmac("sha256", secret).update("ticket-attachment-download-link/v1").digest();
}

type TLinkClaims = { attachmentId: string; userId: string; expiresAt: number; disposition: TDisposition };

function signatureOf(claims: TLinkClaims): Buffer {
  return createHmac("sha256", linkKey())
    .update([claims.attachmentId, claims.userId, String(claims.expiresAt), claims.disposition].join("\n"))
    .digest();
}

export function signedFilePath(claims: Omit<TLinkClaims, "expiresAt">, expiresInSeconds: number): string {
  const expiresAt = Math.floor(Date.now() / 1000) + expiresInSeconds;
  const signature = signatureOf({ ...claims, expiresAt }).toString("base64url");
  const query = new URLSearchParams({ d: claims.disposition, e: String(expiresAt), s: signature });
  return `/api/attachments/${encodeURIComponent(claims.attachmentId)}/file?${query}`;
}

export type TLinkCheck = { ok: true; disposition: TDisposition } | { ok: false; reason: "invalid" | "expired" };

/** Checks a link's query for `attachmentId` and `userId`: signature first (constant time), then expiry. */
export function verifySignedFileQuery(attachmentId: string, userId: string, query: URLSearchParams): TLinkCheck {
  const disposition = query.get("d");
  const expiresText = query.get("e") ?? "";
  const signatureText = query.get("s") ?? "";
  if ((disposition !== "attachment" && disposition !== "inline") || !/^\d{1,12}$/.test(expiresText)) {
    return { ok: false, reason: "invalid" };
  }
  const expiresAt = Number(expiresText);
  const expected = signatureOf({ attachmentId, userId, expiresAt, disposition });
  const given = Buffer.from(signatureText, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  if (Math.floor(Date.now() / 1000) > expiresAt) return { ok: false, reason: "expired" };
  return { ok: true, disposition };
}
