import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { isNotificationType, type TNotificationType } from "@/lib/notification-values";
import { readOrCreateLocalSecret } from "@/server/auth/secret";
import { env } from "@/server/env";

// One-click unsubscribe tokens: "<userId>.<type>.<expiresAt>.<hmac>", the HMAC keyed with a key
// derived from BETTER_AUTH_SECRET for this use only. They work signed out (RFC 8058): the token
// alone says who turns which type off, so it must be unforgeable and expire.

let cachedKey: { secret: string; key: Buffer } | undefined;

/**
 * The key, derived from the auth secret: BETTER_AUTH_SECRET, or the one `npm start` keeps in the
 * data folder (the worker inside `npm start` and `npm run worker` do not get it in their
 * environment, the web app does).
 */
async function tokenKey(): Promise<Buffer> {
  const secret = await readOrCreateLocalSecret(env().dataDir, env().BETTER_AUTH_SECRET);
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: createHmac("sha256", secret).update("email-unsubscribe-token/v1").digest() };
  }
  return cachedKey.key;
}

async function signatureOf(userId: string, type: string, expiresAt: number): Promise<Buffer> {
  return createHmac("sha256", await tokenKey())
    .update(`${userId}\n${type}\n${expiresAt}`)
    .digest();
}

export async function createUnsubscribeToken(
  userId: string,
  type: TNotificationType,
  ttlDays: number,
  now = Date.now(),
): Promise<string> {
  const expiresAt = Math.floor(now / 1000) + ttlDays * 86_400;
  return `${userId}.${type}.${expiresAt}.${(await signatureOf(userId, type, expiresAt)).toString("base64url")}`;
}

export type TUnsubscribeClaims = { userId: string; type: TNotificationType };

/** The token's claims, or why it is refused: signature first (constant time), then expiry. */
export async function verifyUnsubscribeToken(
  token: string,
  now = Date.now(),
): Promise<{ ok: true; claims: TUnsubscribeClaims } | { ok: false; reason: "invalid" | "expired" }> {
  const parts = token.split(".");
  if (parts.length !== 4) return { ok: false, reason: "invalid" };
  const [userId = "", type = "", expiresText = "", signatureText = ""] = parts;
  if (!/^[0-9a-f-]{36}$/i.test(userId) || !isNotificationType(type) || !/^\d{1,12}$/.test(expiresText)) {
    return { ok: false, reason: "invalid" };
  }
  const expected = await signatureOf(userId, type, Number(expiresText));
  const given = Buffer.from(signatureText, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  if (Math.floor(now / 1000) > Number(expiresText)) return { ok: false, reason: "expired" };
  return { ok: true, claims: { userId, type } };
}
