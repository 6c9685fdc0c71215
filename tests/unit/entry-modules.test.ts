/**
 * The worker (`npm run worker`, `npm start`) and the scripts (`npm run bench`, seeding) load
 * server modules with tsx under the react-server condition, outside Next. There React has no
 * hooks, so one import of a client entry (e.g. `next-intl`'s main entry, which pulls use-intl's
 * React bindings) anywhere down the chain stops the process at start. Vitest does not load
 * modules that way, so this test does, in a child process.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

const ENTRY_MODULES = [
  "src/worker/index.ts",
  "src/features/tickets/service/get-all-support-tickets.ts",
  "src/features/tickets/service/create-ticket.ts",
  "src/features/tickets/service/add-ticket-message.ts",
  "src/features/tickets/handlers/upload-handlers.ts",
  "src/server/db/seed/seed-demo.ts",
];

function loadOutsideNext(modules: readonly string[]) {
  const script = `${modules.map((m) => `await import(${JSON.stringify(`${root}/${m}`)});`).join("\n")}\nconsole.log("loaded");`;
  return spawnSync(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "--input-type=module", "-e", script],
    {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    },
  );
}

describe("server modules load outside Next (worker, scripts)", () => {
  it("imports every entry under the react-server condition", () => {
    const result = loadOutsideNext(ENTRY_MODULES);
    expect(result.stderr).not.toMatch(/SyntaxError|Error:/);
    expect(result.stdout.trim()).toBe("loaded");
  }, 60_000);

  it("fails when a module down the chain imports a client entry (the check can fail)", () => {
    const result = loadOutsideNext(["node_modules/use-intl/dist/esm/production/react.js"]);
    expect(result.stdout.trim()).not.toBe("loaded");
  }, 60_000);
});
