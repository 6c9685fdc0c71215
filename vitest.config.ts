import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const fromRoot = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** Fixed and fake: tests never reach a real deployment, and runs must be reproducible. */
const TEST_ENV = {
  NODE_ENV: "test",
  BETTER_AUTH_SECRET: "test-secret-0123456789-abcdefghij-012345",
  APP_URL: "http://localhost:3100",
  // Never the developer's own files (DATA_DIR/storage): a test worker's orphan sweep would see them.
  STORAGE_LOCAL_DIR: ".data/test-storage",
  // Test files create tickets by the dozen for one student: the write limits are tested with
  // their own values (tests/integration/security-write-limits.test.ts).
  RATE_LIMIT_TICKETS_PER_MINUTE: "1000000",
  RATE_LIMIT_TICKETS_PER_DAY: "1000000",
  RATE_LIMIT_REPLIES_PER_MINUTE: "1000000",
  RATE_LIMIT_REPLIES_PER_DAY: "1000000",
  UPLOAD_QUOTA_BYTES_PER_DAY: String(1024 ** 4),
  // better-auth's own limiter (3 sign-ups per 10 s): tests/integration/security-auth-rate-limit.test.ts.
  AUTH_RATE_LIMIT: "false",
  // One line per request would bury the test report; tests that read the log capture it at info.
  LOG_LEVEL: "warn",
} as const;

export default defineConfig({
  resolve: {
    alias: {
      // The marker package throws outside Next's react-server condition (every test worker).
      "server-only": fromRoot("./tests/support/server-only.ts"),
      "@": fromRoot("./src"),
    },
  },
  test: {
    // Generous: the integration project's global setup may initialise a PostgreSQL cluster.
    teardownTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          // next-intl's ESM imports "next/server" without an extension: let Vite resolve it (proxy tests).
          server: { deps: { inline: ["next-intl"] } },
          env: { ...TEST_ENV },
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // next-intl's ESM imports "next/navigation" without an extension, which Node alone
          // cannot resolve: let Vite resolve it (the sign-in and sign-out actions redirect).
          server: { deps: { inline: ["next-intl"] } },
          env: { ...TEST_ENV },
          // Creates a fresh database, migrates it and provides its URL (see the file's header).
          globalSetup: ["tests/support/global-setup.ts"],
          // Points DATABASE_URL at that database inside each worker before app code reads env().
          setupFiles: ["tests/support/integration-setup.ts"],
          // One database, a 2-core machine: test files run one after another.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // `npm run test:faults`: its own PostgreSQL, the app and a worker as child processes,
          // database outages, killed children, SIGTERM under load (tests/faults/harness.ts).
          name: "faults",
          include: ["tests/faults/**/*.test.ts"],
          environment: "node",
          env: { ...TEST_ENV },
          fileParallelism: false,
          testTimeout: 180_000,
          // The first run may build the app (next build, minutes on 2 cores).
          hookTimeout: 600_000,
        },
      },
      {
        extends: true,
        test: {
          // `npm run test:abuse`: an attack mix against the app started as `npm start` would
          // (its own PostgreSQL and port, tests/abuse/abuse.test.ts). Not part of `npm test`.
          name: "abuse",
          include: ["tests/abuse/**/*.test.ts"],
          environment: "node",
          env: {
            ...TEST_ENV,
            FAULTS_PG_PORT: process.env.ABUSE_PG_PORT ?? "54398",
            FAULTS_APP_PORT: process.env.ABUSE_APP_PORT ?? "3612",
            FAULTS_DATA_DIR: ".data/abuse",
          },
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
