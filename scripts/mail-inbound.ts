/**
 * `npm run mail:inbound`: the SMTP listener for replies by email on its own (docs/email.md,
 * "Replies by email"). Listens on MAIL_INBOUND_PORT (default 2525) at MAIL_INBOUND_HOST
 * (default 127.0.0.1); needs the app's database (DATABASE_URL, or the embedded one of
 * `npm start` on this machine). `npm start` runs the same listener when MAIL_INBOUND_PORT is set.
 */
import { startInboundSmtpServer } from "../src/features/email-replies";
import { closeDb } from "../src/server/db/client";
import { openDatabase } from "../src/server/db/open-database";
import { env, resetEnvCache } from "../src/server/env";
import { loadDotEnv } from "../src/server/load-dotenv";

loadDotEnv();
const database = await openDatabase();
if (!process.env.DATABASE_URL) {
  process.env.DATABASE_URL = database.url;
  resetEnvCache();
}
const config = env();
const listener = await startInboundSmtpServer({
  port: config.MAIL_INBOUND_PORT ?? 2525,
  host: config.MAIL_INBOUND_HOST,
  maxBytes: config.MAIL_INBOUND_MAX_BYTES,
});
console.log(`[mail:inbound] listening on ${config.MAIL_INBOUND_HOST}:${listener.port} (Ctrl-C to stop)`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await listener.close().catch(() => {});
  await closeDb().catch(() => {});
  await database.stop().catch(() => {});
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
