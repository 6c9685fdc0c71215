import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { readOrCreateLocalSecret } from "@/server/auth/secret";
import { env } from "@/server/env";

// Secrets that admins type in the app (the Make.com URL, API key and signing secret) are
// stored encrypted: AES-256-GCM with a random 96-bit IV per value, written as
// "v1.<iv>.<tag>.<ciphertext>" (base64url). The key is SETTINGS_ENCRYPTION_KEY, or, with zero
// configuration, derived (HKDF-SHA256) from the auth secret, so a database dump alone never
// reveals them. The purpose is bound as additional data: a ciphertext of one setting cannot be
// swapped into another column.

const VERSION = "v1";

/** Raised when a stored value cannot be opened (another key, or altered bytes). */
export class SecretBoxError extends Error {
  constructor() {
    super("a stored secret could not be decrypted with the current key");
    this.name = "SecretBoxError";
  }
}

async function keyMaterial(): Promise<string> {
  const config = env();
  return config.SETTINGS_ENCRYPTION_KEY ?? (await readOrCreateLocalSecret(config.dataDir, config.BETTER_AUTH_SECRET));
}

let cachedKey: { material: string; key: Buffer } | undefined;

async function encryptionKey(): Promise<Buffer> {
  const material = await keyMaterial();
  if (cachedKey?.material === material) return cachedKey.key;
  const key = Buffer.from(hkdfSync("sha256", material, "support-tickets", "settings-encryption:v1", 32));
  cachedKey = { material, key };
  return key;
}

export async function sealSecret(plain: string, purpose: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await encryptionKey(), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), body.toString("base64url")].join(".");
}

export async function openSecret(sealed: string, purpose: string): Promise<string> {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new SecretBoxError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", await encryptionKey(), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError();
  }
}

/** Like openSecret, but a value that cannot be opened reads as absent (logged by the caller). */
export async function openSecretOrNull(sealed: string | null, purpose: string): Promise<string | null> {
  if (sealed === null) return null;
  try {
    return await openSecret(sealed, purpose);
  } catch {
    return null;
  }
}
