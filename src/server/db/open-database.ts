import "server-only";
import { env } from "../env";
import { startEmbeddedPostgres } from "./embedded";

export type TOpenDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

/**
 * The database our scripts work on: DATABASE_URL when set, otherwise the embedded
 * PostgreSQL under the data folder (started here, stopped by `stop()`).
 */
export async function openDatabase(log: (line: string) => void = () => {}): Promise<TOpenDatabase> {
  const config = env();
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.EMBEDDED_PG_PORT, log });
  return { url: server.url, embedded: true, stop: server.stop };
}
