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
          env: { ...TEST_ENV },
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
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
    ],
  },
});
