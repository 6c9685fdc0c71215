/**
 * What the scripts that serve the Next.js app share (scripts/start.ts, scripts/bench/http.ts):
 * where `next` is, whether the production build is older than its sources, and waiting for
 * the server's health check.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export function nextBin(root = process.cwd()): string {
  return path.join(root, "node_modules", ".bin", "next");
}

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when there is no production build, or a source it was built from changed since. */
export function buildIsStale(root = process.cwd()): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const inputs = ["src", "messages", "public", "next.config.ts", "package-lock.json", "postcss.config.mjs"];
  return inputs.some((input) => newestMtime(path.join(root, input)) > built);
}

/** Polls `url` until it answers 2xx (true) or `timeoutMs` passes (false). */
export async function waitForHealth(
  url: string,
  timeoutMs: number,
  options: { stopWhen?: () => boolean } = {},
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (options.stopWhen?.()) return false;
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}
