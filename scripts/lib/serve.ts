/**
 * How scripts/start.ts serves `next start` with a bounded shutdown, and waits for children.
 */
import type { ChildProcess } from "node:child_process";
import path from "node:path";

/** `--require` of one of our preloads (scripts/lib). */
function preloadOption(root: string, file: string): string {
  return `--require ${JSON.stringify(path.join(root, "scripts", "lib", file))}`;
}

/** Environment that makes `next start` shut down within `graceMs` (see bounded-shutdown.cjs). */
export function boundedShutdownEnv(graceMs: number, root = process.cwd()): Record<string, string> {
  const nodeOptions = [process.env.NODE_OPTIONS, preloadOption(root, "bounded-shutdown.cjs")].filter(Boolean).join(" ");
  return { NODE_OPTIONS: nodeOptions, NEXT_MANUAL_SIG_HANDLE: "1", SHUTDOWN_GRACE_MS: String(graceMs) };
}

/**
 * Environment that makes the web server answer TRACE and other methods it does not serve with
 * 405 before Next.js sees them (see refuse-methods.cjs); `extra` is the NODE_OPTIONS already chosen.
 */
export function refuseMethodsEnv(extra: Record<string, string> = {}, root = process.cwd()): Record<string, string> {
  const base = extra.NODE_OPTIONS ?? process.env.NODE_OPTIONS;
  return { ...extra, NODE_OPTIONS: [base, preloadOption(root, "refuse-methods.cjs")].filter(Boolean).join(" ") };
}

/** A URL this machine reaches the server at, whatever address it listens on. */
export function localUrlOf(host: string, port: number): string {
  const local = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${local.includes(":") ? `[${local}]` : local}:${port}`;
}

/** Resolves true when `child` exits within `timeoutMs`, false otherwise. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
