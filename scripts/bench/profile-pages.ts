/**
 * `npm run bench:profile`: where a signed-in page's server time goes. Serves the production
 * build with `next start` under `node --cpu-prof` on a benchmark database (npm run bench --
 * --seed-only), signs in its admin and heavy student, requests each page --requests times one
 * after the other, stops the server (V8 writes the profile at exit), then attributes every CPU
 * sample taken while a page was being measured to the original source of the function running
 * (through the build's source maps: React's HTML renderer, its RSC serializer, Next.js,
 * next-intl, better-auth, drizzle, pg, our src/…) and prints, per page, CPU ms per request by
 * group. Samples are matched to pages by time (both processes read the machine's monotonic clock).
 *   --scale 0.1        database support_tickets_bench_<scale> (must exist)
 *   --requests 150     requests per page after 20 of warm-up
 *   --port 3209        port of the server
 *   --app-dir DIR      another build of the app to profile (e.g. an older commit, built there)
 *   --only a,b         pages whose name contains one of these words
 */
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { SourceMap } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase } from "../../src/server/db/open-database";
import { childEnv } from "../../src/server/env";
import { loadDotEnv } from "../../src/server/load-dotenv";
import { benchDatabaseName, sibling } from "./bench-db";
import { benchPages, benchReaders, signInReaders } from "./bench-pages";
import { startNextServer } from "./next-server";

loadDotEnv();
const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "0.1" },
    requests: { type: "string", default: "150" },
    port: { type: "string", default: "3209" },
    "app-dir": { type: "string" },
    only: { type: "string" },
  },
});
const scale = Number(values.scale);
const requests = Number(values.requests);
const port = Number(values.port);
const appDir = path.resolve(values["app-dir"] ?? process.cwd());
const dbName = benchDatabaseName(scale);

type TProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
};
type TProfile = { nodes: TProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

/** Groups, first match wins, by the original source path of the running function. */
const GROUPS: [string, RegExp][] = [
  ["React HTML render (react-dom/server, Fizz)", /react-dom-server|react-dom[/\\]cjs[/\\].*server|ReactFizz/],
  ["RSC payload decoding for the HTML (Flight client)", /react-server-dom[^/\\]*[/\\]cjs[/\\][^/\\]*client/],
  ["RSC payload serialization (Flight server)", /react-server-dom|ReactFlightServer/],
  ["React (other)", /[/\\]react[/\\]|react\.production|react-jsx/],
  [
    "Next.js: payload escaping + HTML stream",
    /next[/\\]\.[/\\]src[/\\](shared[/\\]lib[/\\]htmlescape|server[/\\]stream-utils|server[/\\]app-render[/\\]stream)/,
  ],
  [
    "next-intl / use-intl / ICU formatting",
    /next-intl|use-intl|intl-messageformat|%40formatjs|@formatjs|node_modules[/\\](core|formatters)\.ts/,
  ],
  ["better-auth (session lookup, cookies)", /better-auth|better-call|@better-fetch|jose|kysely|defu|uncrypto/],
  ["drizzle-orm", /drizzle-orm|node_modules[/\\]src[/\\](entity|sql|pg-core|column|table|utils|relations)/],
  ["pg driver", /node_modules[/\\](pg|pg-protocol|pg-pool|pg-types|pgpass|postgres-)/],
  ["zod", /[/\\]zod[/\\]/],
  ["pino (logs)", /[/\\]pino|sonic-boom|thread-stream/],
  [
    "UI libraries (lucide, radix, cva, clsx, tailwind-merge)",
    /lucide|radix-ui|class-variance-authority|clsx|tailwind-merge|node_modules[/\\]shared[/\\]src/,
  ],
  ["our proxy (src/proxy.ts, CSP nonce)", /^(\.\.[/\\])*src[/\\](proxy\.ts|server[/\\]security)/],
  ["our code (src/…)", /^(\.\.[/\\])*src[/\\]|\[project\][/\\]src[/\\]/],
  ["Next.js (router, app render, proxy runtime)", /next[/\\]|next-server|\[turbopack\]|turbopack/],
  ["Node.js: response compression (zlib)", /^node:zlib/],
  ["Node.js: AsyncLocalStorage / async hooks", /^node:(internal[/\\])?async_hooks/],
  ["Node.js: http, streams, buffers, crypto, native builtins", /^node:|^internal[/\\]|^$/],
];

const sourceMaps = new Map<string, SourceMap | null>();
function mapFor(url: string): SourceMap | null {
  if (sourceMaps.has(url)) return sourceMaps.get(url) ?? null;
  let map: SourceMap | null = null;
  try {
    const file = url.startsWith("file://") ? fileURLToPath(url) : url;
    if (file && existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
  } catch {
    map = null;
  }
  sourceMaps.set(url, map);
  return map;
}

/** The original source file of a frame (through the chunk's source map when there is one). */
function originalSource(frame: TProfileNode["callFrame"]): string {
  if (!frame.url) return frame.functionName.startsWith("(") ? frame.functionName : "";
  const map = mapFor(frame.url);
  if (map) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string };
    if (entry?.originalSource) return entry.originalSource;
  }
  return frame.url;
}

/** BENCH_PROFILE_DEBUG=1: time by original source (and native function name), to refine GROUPS. */
const debugSources = new Map<string, number>();

function groupOf(frame: TProfileNode["callFrame"]): string {
  if (frame.functionName === "(garbage collector)") return "garbage collection";
  if (frame.functionName === "(idle)") return "(idle)";
  if (frame.functionName === "(program)") return "(program: V8/native, unattributed)";
  const source = originalSource(frame);
  for (const [group, pattern] of GROUPS) if (pattern.test(source)) return group;
  return `other: ${source
    .split(/node_modules[/\\]/)
    .pop()
    ?.slice(0, 60)}`;
}

type TWindow = { name: string; fromUs: number; toUs: number; requests: number; ms: number[] };

function attribute(profile: TProfile, windows: TWindow[]) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const groupByNode = new Map<number, string>();
  const perWindow = windows.map(() => new Map<string, number>());
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    const index = windows.findIndex((w) => at >= w.fromUs && at < w.toUs);
    if (index < 0) continue;
    const id = profile.samples[i] as number;
    let group = groupByNode.get(id);
    if (group === undefined) {
      const node = nodes.get(id);
      group = node ? groupOf(node.callFrame) : "?";
      groupByNode.set(id, group);
    }
    const bucket = perWindow[index] as Map<string, number>;
    if (process.env.BENCH_PROFILE_DEBUG) {
      const frame = nodes.get(id)?.callFrame;
      const key = frame ? `${group} | ${originalSource(frame) || frame.functionName} | ${frame.functionName}` : "?";
      debugSources.set(key, (debugSources.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? delta) / 1000);
    }
    // A sample stands for the time until the next one.
    const next = profile.timeDeltas[i + 1] ?? delta;
    bucket.set(group, (bucket.get(group) ?? 0) + next / 1000);
  }
  return perWindow;
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

async function main() {
  const server = await openDatabase();
  const url = sibling(server.url, dbName);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const readers = await benchReaders(db);
  await db.end();

  const profileDir = path.join(os.tmpdir(), `bench-profile-${process.pid}`);
  await rm(profileDir, { recursive: true, force: true });
  await mkdir(profileDir, { recursive: true });
  const app = await startNextServer({
    port,
    appDir,
    env: childEnv({
      NODE_ENV: "production",
      DATABASE_URL: url,
      BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
      APP_URL: `http://localhost:${port}`,
      PORT: String(port),
      BENCH_ROUTES: "true",
      WEBHOOK_WORKER: "false",
      LOG_LEVEL: "warn",
    }),
    nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--cpu-prof-interval=200"],
  });
  const windows: TWindow[] = [];
  try {
    const cookies = await signInReaders(app.url, readers);
    const only = values.only?.split(",");
    const pages = benchPages(readers).filter((page) => !only || only.some((word) => page.name.includes(word)));
    for (const page of pages) {
      const get = async () => {
        const started = performance.now();
        const response = await fetch(`${app.url}${page.path}`, {
          headers: { cookie: cookies[page.who], "accept-language": "fr-CA" },
          redirect: "manual",
        });
        const body = await response.text();
        return { ok: response.status === 200 && page.verify(body), ms: performance.now() - started };
      };
      const first = await get();
      if (!first.ok) {
        process.stderr.write(`· ${page.name}: not available on this build (skipped)\n`);
        continue;
      }
      for (let i = 0; i < 20; i++) await get();
      const window: TWindow = { name: page.name, fromUs: monotonicUs(), toUs: 0, requests, ms: [] };
      for (let i = 0; i < requests; i++) window.ms.push((await get()).ms);
      window.toUs = monotonicUs();
      windows.push(window);
      process.stderr.write(`· ${page.name}: ${requests} requests\n`);
    }
  } finally {
    await app.stop();
  }
  // The listening process's profile is the one with the most samples.
  const files = readdirSync(profileDir).filter((file) => file.endsWith(".cpuprofile"));
  const profiles = files.map((file) => JSON.parse(readFileSync(path.join(profileDir, file), "utf8")) as TProfile);
  const profile = profiles.sort((a, b) => b.samples.length - a.samples.length)[0];
  if (!profile) throw new Error(`no CPU profile was written in ${profileDir}`);
  const perWindow = attribute(profile, windows);

  const report: Record<string, unknown> = {};
  for (const [index, window] of windows.entries()) {
    const groups = [...(perWindow[index] ?? new Map()).entries()].sort((a, b) => b[1] - a[1]);
    const busy = groups.filter(([group]) => group !== "(idle)").reduce((sum, [, ms]) => sum + ms, 0);
    const sorted = [...window.ms].sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    console.log(
      `\n${window.name}: ${window.requests} requests, p50 ${p50.toFixed(1)} ms per request (client), ` +
        `server CPU ${(busy / window.requests).toFixed(1)} ms per request`,
    );
    for (const [group, ms] of groups) {
      if (group === "(idle)") continue;
      console.log(
        `  ${group.padEnd(52)} ${(ms / window.requests).toFixed(2).padStart(6)} ms  ${((100 * ms) / busy).toFixed(0).padStart(3)} %`,
      );
    }
    report[window.name] = {
      requests: window.requests,
      clientP50Ms: p50,
      cpuMsPerRequest: busy / window.requests,
      groups: Object.fromEntries(groups.map(([group, ms]) => [group, ms / window.requests])),
    };
  }
  if (process.env.BENCH_PROFILE_DEBUG) {
    for (const [key, ms] of [...debugSources.entries()].sort((a, b) => b[1] - a[1]).slice(0, 60)) {
      console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${key}`);
    }
  }
  await mkdir("bench-results", { recursive: true });
  await writeFile("bench-results/profile.json", `${JSON.stringify({ appDir, dbName, report }, null, 2)}\n`);
  await rm(profileDir, { recursive: true, force: true });
  await server.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:profile: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
