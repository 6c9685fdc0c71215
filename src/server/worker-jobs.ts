import "server-only";
import type { TaskList } from "graphile-worker";

/**
 * What a feature gives the worker process (src/worker assembles them): its tasks, its
 * crontab lines (minute hour day month weekday task), and jobs to queue once at start.
 */
export type TWorkerJobs = {
  taskList: TaskList;
  crontab: readonly string[];
  startupJobs?: readonly { identifier: string; jobKey: string }[];
};
