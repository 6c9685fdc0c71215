import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "../env";
import { readOrCreateLocalSecret } from "./secret";

// Links that name a database row: "<rowId>.<expiresAt>.<hmac>", the HMAC keyed with a key
// derived from the auth secret for one purpose only (an invitation's token never opens a password
// reset). The link only names the row; whether it is still pending (single use, not revoked,
// not expired) is the database's answer. Nothing secret is stored: the worker signs the link
// when it writes the email.

export type TSignedTokenPurpose = "account-invitation-token" | "password-reset-token";

const cachedKeys = new Map<TSignedTokenPurpose, { secret: string; key: Buffer }>();

async function tokenKey(purpose: TSignedTokenPurpose): Promise<Buffer> {
  const secret = await readOrCreateLocalSecret(env().dataDir, env().BETTER_AUTH_SECRET);
  const cached = cachedKeys.get(purpose);
  if (cached?.secret === secret) return cached.key;
  const key = createHmac("sha256", secret).update(`${purpose}/v1`).digest();
  cachedKeys.set(purpose, { secret, key });
  return key;
}

async function signatureOf(purpose: TSignedTokenPurpose, rowId: string, expiresAt: number): Promise<Buffer> {
  return createHmac("sha256", await tokenKey(purpose))
    .update(`${rowId}\n${expiresAt}`)
    .digest();
}

/** The link's token for a row that expires at `expiresAt` (seconds since the epoch). */
export async function createSignedToken(
  purpose: TSignedTokenPurpose,
  rowId: string,
  expiresAt: number,
): Promise<string> {
  return `${rowId}.${expiresAt}.${(await signatureOf(purpose, rowId, expiresAt)).toString("base64url")}`;
}

/** The row a token names, or null (forged, malformed, of another purpose or past its time). */
export async function verifySignedToken(
  purpose: TSignedTokenPurpose,
  token: string,
  now = Date.now(),
): Promise<string | null> {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [rowId = "", expiresText = "", signatureText = ""] = parts;
  if (!/^[0-9a-f-]{36}$/i.test(rowId) || !/^\d{1,12}$/.test(expiresText)) return null;
  const expected = await signatureOf(purpose, rowId, Number(expiresText));
  const given = Buffer.from(signatureText, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (Math.floor(now / 1000) >= Number(expiresText)) return null;
  return rowId;
}
