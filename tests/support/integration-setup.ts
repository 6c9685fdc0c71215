/**
 * Runs in each integration worker before every test file is imported: the app's env()
 * is parsed lazily on first use, so setting DATABASE_URL here makes getDb()/withUser()
 * use this run's fresh database. Pools opened by the file are closed after it.
 */
import { afterAll } from "vitest";
import { closeDb } from "@/server/db/client";
import { closeTestPool, pointAppAtTestDatabase } from "./db";

pointAppAtTestDatabase();

afterAll(async () => {
  await Promise.all([closeTestPool(), closeDb()]);
});
