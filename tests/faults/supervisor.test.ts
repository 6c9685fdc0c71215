/**
 * The worker's supervisor on fake runners: what it does when a runner dies, when the database
 * stays away, and when a runner fails for a reason that is not the database.
 */
import { EventEmitter } from "node:events";
import type { Runner } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { isDatabaseConnectionError, isStoppedRunnerError, superviseRunner } from "@/worker/supervise";

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

function fakeRunner() {
  let settle: (error?: unknown) => void = () => {};
  const promise = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  promise.catch(() => {});
  const stopped = { value: false };
  const runner = {
    promise,
    events: new EventEmitter(),
    stop: async () => {
      stopped.value = true;
      settle();
    },
    addJob: async () => ({}),
    kill: async () => settle(),
  } as unknown as Runner;
  return { runner, fail: (error: unknown) => settle(error), stopped };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe("superviseRunner", () => {
  it("tells a lost database from a bug", () => {
    expect(isDatabaseConnectionError(refused())).toBe(true);
    expect(isDatabaseConnectionError(Object.assign(new Error("x"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseConnectionError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseConnectionError(new Error("syntax error at or near"))).toBe(false);
    expect(isStoppedRunnerError(new Error("Cannot use a pool after calling end on the pool"))).toBe(true);
    expect(isStoppedRunnerError(new TypeError("undefined is not a function"))).toBe(false);
  });

  it("restarts a runner that lost the database, with one line per change of state", async () => {
    const runners = [fakeRunner(), fakeRunner()];
    let starts = 0;
    let refusals = 2;
    const log: string[] = [];
    const supervisor = await superviseRunner({
      start: async () => {
        if (starts > 0 && refusals-- > 0) throw refused();
        return (runners[starts++] ?? fakeRunner()).runner;
      },
      log: (line) => log.push(line),
      minBackoffMs: 5,
    });
    runners[0]?.fail(refused());
    await until(() => supervisor.current() === runners[1]?.runner);
    expect(runners[0]?.stopped.value).toBe(true);
    expect(log).toEqual([
      "[worker] lost the database (connect ECONNREFUSED 127.0.0.1:5432); restarting the worker",
      "[worker] the database is unreachable (connect ECONNREFUSED 127.0.0.1:5432); retrying with backoff",
      "[worker] running again; delivering",
    ]);
    await supervisor.stop();
    expect(runners[1]?.stopped.value).toBe(true);
  });

  it("restarts on a fault reported from outside (an unhandled rejection)", async () => {
    const runners = [fakeRunner(), fakeRunner()];
    let starts = 0;
    const supervisor = await superviseRunner({
      start: async () => (runners[starts++] ?? fakeRunner()).runner,
      log: () => {},
      minBackoffMs: 5,
    });
    supervisor.reportFault(refused());
    await until(() => supervisor.current() === runners[1]?.runner);
    await supervisor.stop();
  });

  it("gives up after failing again and again for a reason that is not the database", async () => {
    let fatal: unknown;
    const bug = new Error("relation graphile_worker.jobs does not exist");
    let starts = 0;
    const supervisor = await superviseRunner({
      start: async () => {
        if (starts++ === 0) {
          const first = fakeRunner();
          setTimeout(() => first.fail(bug), 5);
          return first.runner;
        }
        throw bug;
      },
      log: () => {},
      minBackoffMs: 1,
      maxBackoffMs: 2,
      onFatal: (error) => {
        fatal = error;
      },
    });
    await until(() => fatal !== undefined);
    expect(fatal).toBe(bug);
    await supervisor.stop();
  });
});
