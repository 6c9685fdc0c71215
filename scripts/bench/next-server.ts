/**
 * A production Next.js server for a benchmark: `next start` on the loopback interface only,
 * in a process group of its own (stopped as a whole), ready once /api/health answers; `pid`
 * is the process that holds the listening socket (the one whose memory a request grows).
 *
 * Bound as `-H localhost`, not `-H 127.0.0.1`: with a literal loopback address Next.js 16
 * treats the proxy's (next-intl's) internal rewrites as external ones and proxies them to
 * http://localhost:port, and every unprefixed page answers 307 to itself (vercel/next.js#94745).
 */
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { nextBin, waitForHealth } from "../lib/next-app";
import { findListeningPid } from "./proc-memory";

export type TNextServer = { url: string; pid: number; stop: () => Promise<void> };

export const LOOPBACK_HOST = "localhost";

/** Rejects when something already listens on localhost:`port`. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === "EADDRINUSE"
            ? `port ${port} is already in use on ${LOOPBACK_HOST}: stop what listens there or pass --port`
            : `cannot listen on ${LOOPBACK_HOST}:${port}: ${error.message}`,
        ),
      ),
    );
    probe.listen(port, LOOPBACK_HOST, () => probe.close(() => resolve()));
  });
}

function prefixLines(stream: NodeJS.ReadableStream | null, prefix: string): void {
  let pending = "";
  stream?.on("data", (data: Buffer) => {
    pending += data.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) process.stderr.write(`${prefix}${line}\n`);
  });
}

/** next's CLI script (what node_modules/.bin/next links to). */
function nextScript(appDir = process.cwd()): string {
  return path.join(appDir, "node_modules", "next", "dist", "bin", "next");
}

export async function startNextServer(options: {
  port: number;
  env: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  /** The app's folder (its .next build and node_modules); default: the current directory. */
  appDir?: string;
  /** Node options NODE_OPTIONS may not carry (--cpu-prof): next runs as `node <nodeArgs> next start`. */
  nodeArgs?: string[];
}): Promise<TNextServer> {
  await assertPortFree(options.port);
  const url = `http://${LOOPBACK_HOST}:${options.port}`;
  const startArgs = ["start", "-p", String(options.port), "-H", LOOPBACK_HOST];
  const [command, args] = options.nodeArgs
    ? [process.execPath, [...options.nodeArgs, nextScript(options.appDir), ...startArgs]]
    : [nextBin(options.appDir), startArgs];
  const child: ChildProcess = spawn(command, args, {
    cwd: options.appDir,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: stop() ends next and anything it started, nothing else
  });
  prefixLines(child.stdout, "[next] ");
  prefixLines(child.stderr, "[next] ");
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const rootPid = child.pid;
  if (rootPid === undefined) throw new Error(`could not start ${nextBin()}`);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-rootPid, signal);
      } catch {
        // already gone
      }
    };
    signalGroup("SIGTERM");
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 10_000).unref()),
    ]);
    if (timedOut) {
      signalGroup("SIGKILL");
      await exited;
    }
  };

  const ready = await waitForHealth(`${url}/api/health`, options.readyTimeoutMs ?? 120_000, {
    stopWhen: () => child.exitCode !== null,
  });
  if (!ready) {
    const code = child.exitCode;
    await stop();
    throw new Error(
      code !== null
        ? `next start exited with code ${code} before answering /api/health (its output is above)`
        : `next start did not answer ${url}/api/health with 2xx within ${(options.readyTimeoutMs ?? 120_000) / 1000} s`,
    );
  }
  const pid = findListeningPid(rootPid, options.port);
  if (pid === undefined) {
    await stop();
    throw new Error(`no process of the next start tree (pid ${rootPid}) listens on port ${options.port}`);
  }
  return { url, pid, stop };
}
