import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The auth secret for a local installation: BETTER_AUTH_SECRET when set, otherwise
 * one generated on first start and kept in the data folder (mode 600), so sessions
 * survive restarts without anyone having to invent a secret.
 */
export async function readOrCreateLocalSecret(dataDir: string, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
