import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { readOrCreateLocalSecret } from "@/server/auth/secret";
import { env } from "@/server/env";

// A token naming one email row, for an address on our inbound domain: the row's own id (random,
// one per recipient and email) and an HMAC of it, keyed with a key derived from BETTER_AUTH_SECRET
// for one use only (the reply address, the bounce address: a token of one is worthless as the
// other), both in lowercase base32 (relays may lowercase local parts): 26 + 16 characters, so
// "<local part>+<token>@domain" stays under the 64 characters a local part may have. No guessable
// id is in it, and nothing about it can be changed without the key. Expiry is the row's age,
// checked where the row is read.

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const MAC_BYTES = 10;
const ID_CHARS = 26;
const TOKEN_CHARS = ID_CHARS + 16;

export const ROW_TOKEN_PATTERN = /^[a-z2-7]{42}$/;

/** What a token is for; each has its own key. */
export type TRowTokenUse = "email-reply-token/v1" | "email-bounce-token/v1";

function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string, byteCount: number): Buffer | null {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) return null;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return bytes.length >= byteCount ? Buffer.from(bytes.slice(0, byteCount)) : null;
}

const cachedKeys = new Map<TRowTokenUse, { secret: string; key: Buffer }>();

async function tokenKey(use: TRowTokenUse): Promise<Buffer> {
  const secret = await readOrCreateLocalSecret(env().dataDir, env().BETTER_AUTH_SECRET);
  let cached = cachedKeys.get(use);
  if (cached?.secret !== secret) {
    cached = { secret, key: createHmac("sha256", secret).update(use).digest() };
    cachedKeys.set(use, cached);
  }
  return cached.key;
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ""), "hex");

function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function macOf(use: TRowTokenUse, idBytes: Buffer): Promise<Buffer> {
  return createHmac("sha256", await tokenKey(use))
    .update(idBytes)
    .digest()
    .subarray(0, MAC_BYTES);
}

/** The token of one email row (its notification id) for one use. */
export async function createRowToken(use: TRowTokenUse, notificationId: string): Promise<string> {
  const id = uuidBytes(notificationId);
  return base32(id) + base32(await macOf(use, id));
}

/** The notification id a token names, or null when it is malformed or its signature is wrong. */
export async function verifyRowToken(use: TRowTokenUse, token: string): Promise<string | null> {
  const text = token.toLowerCase();
  if (text.length !== TOKEN_CHARS || !ROW_TOKEN_PATTERN.test(text)) return null;
  const id = fromBase32(text.slice(0, ID_CHARS), 16);
  const given = fromBase32(text.slice(ID_CHARS), MAC_BYTES);
  if (!id || !given) return null;
  const expected = await macOf(use, id);
  if (!timingSafeEqual(given, expected)) return null;
  return uuidOf(id);
}

/** "<local part>+<token>@<domain>" → { localPart (lowercase), token (lowercase) }, or null. */
export function tokenAddressParts(address: string): { localPart: string; token: string } | null {
  const match = /^([^@+]*)\+([A-Za-z2-7]{42})@[^@]+$/.exec(address.trim());
  if (!match?.[2]) return null;
  return { localPart: (match[1] ?? "").toLowerCase(), token: match[2].toLowerCase() };
}
