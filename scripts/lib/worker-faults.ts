/**
 * What a process running the webhook worker does with errors nobody caught. graphile-worker
 * 0.17.3 fails a job without awaiting the failure write: when the database goes away during a
 * delivery, that rejection is unhandled and Node would exit. A lost database is an ordinary
 * event: the worker's supervisor restarts the runner. Anything else is a bug: stop for good
 * (exit non-zero) so an outside supervisor restarts the whole process. A fault reported while
 * the runner is already being replaced is ignored by the supervisor.
 */
import { isDatabaseConnectionError, isStoppedRunnerError, type TWorker } from "../../src/worker";

export function onWorkerProcessFault(options: {
  worker: () => TWorker | undefined;
  log: (line: string) => void;
  fatal: (error: unknown) => void;
}): void {
  const handle = (error: unknown) => {
    if (isStoppedRunnerError(error)) return;
    if (isDatabaseConnectionError(error)) {
      options.worker()?.reportFault(error);
      return;
    }
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    options.log(`[worker] unexpected error, stopping: ${text}`);
    options.fatal(error);
  };
  process.on("unhandledRejection", handle);
  process.on("uncaughtException", handle);
}
