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
 */
import { afterAll, beforeAll } from "vitest";
import { closeDb } from "@/server/db/client";
import { clearLeftoverWork, closeTestPool, pointAppAtTestDatabase } from "./db";

pointAppAtTestDatabase();

beforeAll(async () => {
  await clearLeftoverWork();
});

afterAll(async () => {
  await Promise.all([closeTestPool(), closeDb()]);
});
