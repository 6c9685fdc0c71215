import "server-only";
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import type { TAnyEmailContent, TRenderedEmail } from "./render-email";

// The worker runs under --conditions=react-server (for `server-only`), where react-dom/server
// throws on import. Rendering is tried in process once; if React refuses, every later render
// goes to one long-lived child process started without that condition (≈0.8 s to start, then
// a few ms per email).

let mode: "unknown" | "in-process" | "child" = "unknown";
let child: ChildProcess | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve: (r: TRenderedEmail) => void; reject: (e: Error) => void }>();

function renderChild(): ChildProcess {
  if (child?.connected) return child;
  const entry = path.join(process.cwd(), "src/features/notifications/emails/render-child.ts");
  const started = fork(entry, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  started.on("message", (reply: { id: number; rendered?: TRenderedEmail; error?: string }) => {
    const entry = waiting.get(reply.id);
    if (!entry) return;
    waiting.delete(reply.id);
    if (reply.rendered) entry.resolve(reply.rendered);
    else entry.reject(new Error(`render failed: ${reply.error ?? "unknown"}`));
  });
  started.on("exit", () => {
    for (const [id, entry] of waiting) {
      waiting.delete(id);
      entry.reject(new Error("render child exited"));
    }
    if (child === started) child = undefined;
  });
  // The child must not keep the worker process alive.
  started.unref();
  started.channel?.unref();
  child = started;
  return started;
}

function renderInChild(content: TAnyEmailContent): Promise<TRenderedEmail> {
  const id = ++nextId;
  const process = renderChild();
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    process.channel?.ref();
    process.send({ id, content }, (error) => {
      if (error) {
        waiting.delete(id);
        reject(error);
      }
    });
  }).finally(() => {
    if (waiting.size === 0) process.channel?.unref();
  }) as Promise<TRenderedEmail>;
}

export async function renderNotificationEmail(content: TAnyEmailContent): Promise<TRenderedEmail> {
  if (mode === "child") return renderInChild(content);
  try {
    const { renderEmail } = await import("./render-email");
    const rendered = await renderEmail(content);
    mode = "in-process";
    return rendered;
  } catch (error) {
    if (mode === "in-process" || !String(error).includes("React Server Components")) throw error;
    mode = "child";
    return renderInChild(content);
  }
}

/** Stops the render child, if one was started (worker shutdown, tests). */
export function stopEmailRenderer(): void {
  child?.kill();
  child = undefined;
}
