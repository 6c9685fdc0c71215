import "server-only";
import type { Runner } from "graphile-worker";
import { isConnectionFailure } from "@/server/errors";

// Keeps one graphile-worker runner alive across database outages: when the runner dies or
// loses its connection, it is stopped (bounded) and a new one started with backoff. One log
// line per change of state, never one per retry.

/**
 * True for an error that says the database is unreachable (not a bug in our code or SQL): the
 * same test the request path uses to answer 503 UNAVAILABLE.
 */
export const isDatabaseConnectionError = isConnectionFailure;

let tracesQuieted = false;

/**
 * graphile-worker prints a worker that exited with an error with console.trace (main.ts), on
 * top of its logger: during an outage, one stack per worker and retry. Those that only say the
 * database is away are dropped; any other trace goes through.
 */
export function quietConnectionTraces(): void {
  if (tracesQuieted) return;
  tracesQuieted = true;
  const trace = console.trace.bind(console);
  console.trace = (...args: unknown[]) => {
    if (args.length === 1 && isDatabaseConnectionError(args[0])) return;
    trace(...args);
  };
}

/**
 * True for the late write of a runner the supervisor already stopped: graphile-worker's
 * job-failure write, not awaited, lands after the runner's pool was ended. Nothing to do.
 */
export function isStoppedRunnerError(error: unknown): boolean {
  return error instanceof Error && /Cannot use a pool after calling end on the pool/.test(error.message);
}

export type TSupervisorOptions = {
  /** Starts a runner; rejects when the database is unreachable. */
  start: () => Promise<Runner>;
  log: (line: string) => void;
  /** Backoff between starts: doubles from `minBackoffMs` up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long stop() waits for the jobs in progress before it abandons them. */
  stopTimeoutMs?: number;
  /**
   * Called once when the worker dies for good: MAX_BUG_FAILURES failures in a row that are not
   * a lost database (a bug, a bad configuration). Supervision stops; the process should exit.
   */
  onFatal?: (error: unknown) => void;
};

const MAX_BUG_FAILURES = 5;

export type TSupervisor = {
  /** Something outside the runner saw its connection fail (e.g. an unhandled rejection): restart it. */
  reportFault: (error: unknown) => void;
  /** Stops the current runner (finishing the jobs in progress) and restarts no more. */
  stop: () => Promise<void>;
  /** The runner now, if one is up. */
  current: () => Runner | undefined;
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

async function withTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * Starts the first runner (rejecting if that fails, so a misconfigured worker stops at once),
 * then supervises it.
 */
export async function superviseRunner(options: TSupervisorOptions): Promise<TSupervisor> {
  const minBackoff = options.minBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 4_000;
  const stopTimeout = options.stopTimeoutMs ?? 8_000;
  // A runner that lost the database cannot release its jobs: don't wait long for it.
  const failedStopTimeout = Math.min(stopTimeout, 3_000);
  const stopping = new AbortController();
  let runner: Runner | undefined = await options.start();
  let fault: ((error: unknown) => void) | undefined;

  const watch = (current: Runner) =>
    new Promise<unknown>((resolve) => {
      fault = resolve;
      current.promise.then(
        () => resolve(new Error("the runner stopped by itself")),
        (error: unknown) => resolve(error),
      );
      current.events.on("pool:listen:error", ({ error }) => resolve(error));
      current.events.on("pool:fatalError", ({ error }) => resolve(error));
      current.events.on("worker:fatalError", ({ error }) => resolve(error));
      stopping.signal.addEventListener("abort", () => resolve(undefined));
    });

  let bugFailures = 0;
  /** Counts a failure that is not a lost database; true once the worker should give up. */
  const givesUp = (error: unknown) => {
    bugFailures = isDatabaseConnectionError(error) ? 0 : bugFailures + 1;
    if (bugFailures < MAX_BUG_FAILURES) return false;
    options.log(`[worker] failed ${bugFailures} times in a row (${messageOf(error)}); giving up`);
    stopping.abort();
    options.onFatal?.(error);
    return true;
  };

  const loop = async () => {
    while (!stopping.signal.aborted) {
      if (runner) {
        const startedAt = Date.now();
        const reason = await watch(runner);
        fault = undefined;
        if (stopping.signal.aborted) return;
        const failed = runner;
        runner = undefined;
        // A runner that worked a good while before failing is not failing in a loop.
        if (Date.now() - startedAt > 60_000) bugFailures = 0;
        const what = isDatabaseConnectionError(reason) ? "lost the database" : "the worker failed";
        options.log(`[worker] ${what} (${messageOf(reason)}); restarting the worker`);
        await withTimeout(failed.stop(), failedStopTimeout);
        if (givesUp(reason)) return;
      }
      let backoff = minBackoff;
      let waitingLogged = false;
      while (!runner && !stopping.signal.aborted) {
        await sleep(backoff, stopping.signal);
        if (stopping.signal.aborted) return;
        try {
          runner = await options.start();
          options.log("[worker] running again; delivering");
        } catch (error) {
          if (givesUp(error)) return;
          if (!waitingLogged) {
            const what = isDatabaseConnectionError(error) ? "the database is unreachable" : "the worker cannot start";
            options.log(`[worker] ${what} (${messageOf(error)}); retrying with backoff`);
            waitingLogged = true;
          }
          backoff = Math.min(backoff * 2, maxBackoff);
        }
      }
    }
  };
  const looping = loop();

  return {
    reportFault: (error) => fault?.(error),
    current: () => runner,
    stop: async () => {
      stopping.abort();
      await looping;
      const last = runner;
      runner = undefined;
      if (last) await withTimeout(last.stop(), stopTimeout);
    },
  };
}
