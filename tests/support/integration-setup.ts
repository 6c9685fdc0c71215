/**
 * Runs in each integration worker before every test file is imported: the app's env()
 * is parsed lazily on first use, so setting DATABASE_URL here makes getDb()/withUser()
 * use this run's fresh database. Pools opened by the file are closed after it.
 *
 * Every file also starts with an empty job queue: the files share one database, and the
 * emails queued by every ticket of the files before (thousands in a full run, most of them
 * never meant to leave: no worker ran in those files) would otherwise be sent by the first
 * worker a later file starts, ahead of that file's own jobs, past its waits.
 * A file that queues emails before starting a worker in a later test clears them the same way.
 *
 * And every file starts with no active admin: each new request emails every active admin, and
 * the admins of the files before (hundreds by the end of a run) would make each request of this
 * file queue, render and send hundreds of emails, which its workers and waits then sit behind.
 * Each file creates the admins it uses; those of earlier files are deactivated (deactivated
 * accounts hear of nothing, migration 0039).
 */
import { afterAll, beforeAll } from "vitest";
import { closeDb } from "@/server/db/client";
import { clearLeftoverWork, closeTestPool, pointAppAtTestDatabase, testPool } from "./db";

pointAppAtTestDatabase();

beforeAll(async () => {
  await clearLeftoverWork();
  await retireEarlierFilesAdmins();
});

afterAll(async () => {
  await Promise.all([closeTestPool(), closeDb()]);
});

async function retireEarlierFilesAdmins(): Promise<void> {
  await testPool().query(
    "update public.users set deactivated_at = now() where role = 'admin' and deactivated_at is null",
  );
}
