import "server-only";
import { existsSync } from "node:fs";
import { resetEnvCache } from "./env";

/** Scripts (not Next.js, which does it itself) load a local `.env` file when there is one. */
export function loadDotEnv(file = ".env"): void {
  if (existsSync(file)) process.loadEnvFile(file);
  resetEnvCache();
}
