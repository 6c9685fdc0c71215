/**
 * `npm run bench:lighthouse`: Lighthouse 12 (performance and accessibility, phone profile: its
 * default mobile emulation with simulated throttling) on the pages a student and an admin use
 * most: the student list, the new-request form, a student ticket and the admin list. Serves
 * the production build with `next start` on a benchmark database (npm run bench -- --seed-only
 * --scale X), signs in its admin and heavy student over HTTP and hands Lighthouse their
 * session cookie. Chromium: CHROME_PATH or /usr/bin/chromium. Not part of npm test.
 *   --scale 0.1     database support_tickets_bench_<scale> (must exist)
 *   --port 3229     port of the server
 *   --runs 1        Lighthouse runs per page (the median performance score is reported)
 *   --app-dir DIR   another build of the app (e.g. an older commit, built there)
 * Prints a table and writes bench-results/lighthouse.json.
 */
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import pg from "pg";
import { openDatabase } from "../../src/server/db/open-database";
import { childEnv } from "../../src/server/env";
import { loadDotEnv } from "../../src/server/load-dotenv";
import { buildIsStale } from "../lib/next-app";
import { benchDatabaseName, sibling } from "./bench-db";
import { benchPages, benchReaders, signInReaders } from "./bench-pages";
import { startNextServer } from "./next-server";

loadDotEnv();
const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "0.1" },
    port: { type: "string", default: "3229" },
    runs: { type: "string", default: "1" },
    "app-dir": { type: "string" },
  },
});
const scale = Number(values.scale);
const port = Number(values.port);
const runs = Math.max(1, Number(values.runs));
const appDir = values["app-dir"] ? path.resolve(values["app-dir"]) : undefined;
const LIGHTHOUSE_PAGES = ["student list (200 tickets)", "new-request form", "student ticket", "admin list (20 rows)"];

type TScore = {
  page: string;
  path: string;
  performance: number;
  accessibility: number;
  metrics: Record<string, number | undefined>;
  failedAccessibilityAudits: string[];
};

async function main(): Promise<void> {
  if (!appDir && buildIsStale()) throw new Error("no production build, or sources changed since: run npm run build");
  const server = await openDatabase();
  const url = sibling(server.url, benchDatabaseName(scale));
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const readers = await benchReaders(db);
  await db.end();
  const app = await startNextServer({
    port,
    appDir,
    env: childEnv({
      NODE_ENV: "production",
      DATABASE_URL: url,
      BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
      APP_URL: `http://localhost:${port}`,
      PORT: String(port),
      WEBHOOK_WORKER: "false",
      LOG_LEVEL: "warn",
    }),
  });
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"],
  });
  const scores: TScore[] = [];
  try {
    const cookies = await signInReaders(app.url, readers);
    const pages = benchPages(readers).filter((page) => LIGHTHOUSE_PAGES.includes(page.name));
    for (const page of pages) {
      const results: TScore[] = [];
      for (let run = 0; run < runs; run++) {
        // A fresh sign-in per run: the session cache cookie of the first would expire meanwhile.
        const cookie = run === 0 ? cookies[page.who] : (await signInReaders(app.url, readers))[page.who];
        const result = await lighthouse(`${app.url}${page.path}`, {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance", "accessibility"],
          extraHeaders: { Cookie: cookie, "Accept-Language": "fr-CA" },
        });
        const lhr = result?.lhr;
        if (!lhr) throw new Error(`Lighthouse gave no result for ${page.path}`);
        if (lhr.finalDisplayedUrl && !lhr.finalDisplayedUrl.includes(page.path)) {
          throw new Error(`${page.name}: Lighthouse ended on ${lhr.finalDisplayedUrl} (not signed in?)`);
        }
        const metric = (id: string) => lhr.audits[id]?.numericValue;
        results.push({
          page: page.name,
          path: page.path,
          performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
          accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
          metrics: {
            fcpMs: metric("first-contentful-paint"),
            lcpMs: metric("largest-contentful-paint"),
            tbtMs: metric("total-blocking-time"),
            cls: metric("cumulative-layout-shift"),
            speedIndexMs: metric("speed-index"),
          },
          failedAccessibilityAudits: (lhr.categories.accessibility?.auditRefs ?? [])
            .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
            .map((ref) => ref.id),
        });
        process.stderr.write(`· ${page.name}: run ${run + 1}/${runs}\n`);
      }
      const sorted = [...results].sort((a, b) => a.performance - b.performance);
      scores.push(sorted[Math.floor(sorted.length / 2)] as TScore);
    }
  } finally {
    await chrome.kill();
    await app.stop();
    await server.stop();
  }
  console.log(`\nLighthouse 12, phone profile (simulated throttling), ${runs} run(s) per page, median:`);
  console.log(
    `  ${"page".padEnd(28)} ${"perf".padStart(4)} ${"a11y".padStart(4)} ${"FCP ms".padStart(7)} ${"LCP ms".padStart(7)} ${"TBT ms".padStart(7)} ${"CLS".padStart(6)}  failed a11y audits`,
  );
  const fmt = (n: number | undefined, digits = 0) => (n === undefined ? "—" : n.toFixed(digits));
  for (const score of scores) {
    console.log(
      `  ${score.page.padEnd(28)} ${String(score.performance).padStart(4)} ${String(score.accessibility).padStart(4)} ${fmt(score.metrics.fcpMs).padStart(7)} ${fmt(score.metrics.lcpMs).padStart(7)} ${fmt(score.metrics.tbtMs).padStart(7)} ${fmt(score.metrics.cls, 3).padStart(6)}  ${score.failedAccessibilityAudits.join(", ") || "—"}`,
    );
  }
  await mkdir("bench-results", { recursive: true });
  await writeFile(
    "bench-results/lighthouse.json",
    `${JSON.stringify({ at: new Date().toISOString(), appDir: appDir ?? ".", runs, scores }, null, 2)}\n`,
  );
  console.log("\n→ bench-results/lighthouse.json");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:lighthouse: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
