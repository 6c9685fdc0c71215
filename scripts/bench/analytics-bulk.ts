/**
 * `npm run bench:analytics` (issue 16, migration 0043): what the analytics triggers cost one bulk
 * statement, before and after 0043 made their upserts linear. Three fresh databases on the same
 * server, filled by the same statements, interleaved step by step so that the machine's load hits
 * every side alike:
 *   - "0042": migrated up to 0042 (the upserts that re-read the statement's contributions for
 *     every existing row they merge into);
 *   - "0043": migrated to the end;
 *   - "off":  migrated to the end, analytics triggers disabled (what the statements cost without
 *     any aggregate: the triggers' own share is the difference).
 * Then checks that 0042 and 0043 ended with the same analytics_daily (arrays compared as sorted
 * multisets) and drops the databases (--keep leaves them).
 *   --tickets 20000   tickets of the insert and the updates; 3 messages each
 *   --days 90         days the tickets are spread over (6 categories × 21 assignees each)
 *   --skip-old        measure 0043 and "off" only (the old side is quadratic: minutes at 100k+)
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { MIGRATIONS_FOLDER } from "../../src/server/db/migrate";
import { openDatabase } from "../../src/server/db/open-database";
import { loadDotEnv } from "../../src/server/load-dotenv";
import { sibling } from "./bench-db";

loadDotEnv();
const { values } = parseArgs({
  options: {
    tickets: { type: "string", default: "20000" },
    days: { type: "string", default: "90" },
    "skip-old": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const tickets = Number(values.tickets);
const days = Number(values.days);
if (!Number.isInteger(tickets) || tickets < 1 || !Number.isInteger(days) || days < 1) {
  throw new Error("--tickets and --days take positive integers");
}

type TJournal = { entries: { idx: number; tag: string }[] };
const journal = JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as TJournal;
const lastTag = journal.entries.at(-1)?.tag ?? "";
const BEFORE_FIX = "0042_host_compat_views";
if (!journal.entries.some((e) => e.tag === BEFORE_FIX)) throw new Error(`no migration ${BEFORE_FIX}`);

/** A migrations folder holding the journal's entries up to `lastIncluded` (drizzle applies what its journal lists). */
async function migrationsThrough(lastIncluded: string): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "analytics-bulk-migrations-"));
  await mkdir(path.join(folder, "meta"));
  const cut = journal.entries.findIndex((e) => e.tag === lastIncluded);
  const entries = journal.entries.slice(0, cut + 1);
  for (const { tag } of entries) await cp(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), path.join(folder, `${tag}.sql`));
  await writeFile(path.join(folder, "meta/_journal.json"), JSON.stringify({ ...journal, entries }));
  return folder;
}

type TSide = { name: string; through: string; analytics: boolean; url: string; client: pg.Client };

const server = await openDatabase();
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
const run = `${Date.now()}`;
const sides: TSide[] = [];
const folders: string[] = [];
const specs = [
  { name: "0042", through: BEFORE_FIX, analytics: true },
  { name: "0043", through: lastTag, analytics: true },
  { name: "off", through: lastTag, analytics: false },
].filter((s) => !(values["skip-old"] && s.name === "0042"));

const ANALYTICS_TRIGGERS = [
  ["support_tickets", "analytics_tickets_inserted"],
  ["support_tickets", "analytics_tickets_updated"],
  ["support_tickets", "analytics_tickets_deleted"],
  ["support_tickets", "analytics_ticket_deleting"],
  ["ticket_messages", "analytics_messages_inserted"],
] as const;

// Fixed ids (md5 of a name), so that the databases hold the same rows and can be compared.
const PEOPLE = `insert into users (id, name, email, first_name, last_name, role)
  select md5('bench-admin-' || i)::uuid, 'Conseiller ' || i, 'bench-admin-' || i || '@bench.example', 'Conseiller', 'N' || i, 'admin'::user_role
    from generate_series(1, 20) i
  union all
  select md5('bench-student-' || i)::uuid, 'Élève ' || i, 'bench-student-' || i || '@bench.example', 'Élève', 'N' || i, 'student'::user_role
    from generate_series(1, 200) i`;

// Statuses 60 % closed, 25 % resolved, 8 % in progress, 7 % open; SLA clock columns filled as
// the clock leaves them (first response within 16 business hours, 10 % late; resolutions
// within 200, 15 % late).
const TICKETS = `insert into support_tickets (id, user_id, subject, description, category, priority, status, assigned_to,
    created_at, updated_at, resolved_at, first_response_at, first_response_business_seconds, first_response_breached,
    resolution_business_seconds, resolution_breached)
  select md5('bench-ticket-' || g)::uuid, md5('bench-student-' || (1 + g % 200))::uuid,
         'Demande ' || g || ' — réservation', 'Bonjour, j''ai besoin d''aide avec ma réservation de la semaine prochaine.',
         (array['reservations','soutien-technique','demande-de-cours','changement-cours-tuteur','paiement','autre'])[1 + (g / 3) % 6],
         'medium', x.status, case when g % 21 = 0 then null else md5('bench-admin-' || (1 + g % 20))::uuid end,
         x.created_at, x.created_at + (g % 240) * interval '1 hour',
         case when x.status in ('resolved', 'closed') then x.created_at + (g % 200) * interval '1 hour' end,
         x.created_at + (g % 48) * interval '1 hour', (g % 960) * 60, g % 10 = 0,
         case when x.status in ('resolved', 'closed') then (g * 7 % 12000) * 60 end, g % 100 < 15
    from generate_series(1, $1::int) g
   cross join lateral (
     select case when g % 100 < 60 then 'closed' when g % 100 < 85 then 'resolved'
                 when g % 100 < 93 then 'in_progress' else 'open' end::ticket_status as status,
            timestamptz '2026-06-01 08:00:00-04' + (g::float8 / $1::int) * $2::int * interval '1 day' as created_at
   ) x`;

// A student's message, then two admin messages (every 7th ticket's first one internal).
const MESSAGES = `insert into ticket_messages (ticket_id, user_id, message, is_internal, created_at)
  select t.id, case when k = 1 then t.user_id else coalesce(t.assigned_to, md5('bench-admin-1')::uuid) end,
         case when k = 1 then 'Bonjour, la séance de jeudi n''apparaît plus dans mon calendrier.'
              else 'Merci pour votre message, nous vérifions et revenons vers vous.' end,
         k = 2 and t.number % 7 = 0, t.created_at + (k + t.number % 5) * interval '1 hour'
    from support_tickets t cross join generate_series(1, 3) k`;

// Every ticket moves to another assignee (its contributions leave one group for another) and
// the resolved ones go back to open (their resolutions removed).
const UPDATE = `update support_tickets
     set assigned_to = md5('bench-admin-' || (1 + (number + 7) % 20))::uuid,
         status = case when status = 'resolved' then 'open' else status end`;

// The clock's own bulk rewrite (what the SLA backfill and the bench's preparation do): only the
// SLA columns change, so the trigger's ticket part has nothing to do and must find that out cheaply.
const CLOCK = `update support_tickets
     set first_response_business_seconds = first_response_business_seconds + 60,
         first_response_breached = not first_response_breached`;

const STEPS: { label: string; sql: string; params: unknown[] }[] = [
  { label: `insert ${tickets.toLocaleString("en")} tickets`, sql: TICKETS, params: [tickets, days] },
  { label: `insert ${(3 * tickets).toLocaleString("en")} messages`, sql: MESSAGES, params: [] },
  { label: `update ${tickets.toLocaleString("en")} tickets (reassign all, reopen resolved)`, sql: UPDATE, params: [] },
  { label: `update ${tickets.toLocaleString("en")} tickets (SLA clock columns only)`, sql: CLOCK, params: [] },
];

/** analytics_daily in a comparable form: one text per row, arrays sorted. */
const AGGREGATES = `select string_agg(r, E'\\n' order by r) as rows from (
  select concat_ws('|', day, category, admin_id, created, open_now, backlog_net, resolved,
           (select array_agg(v order by v) from unnest(resolution_secs) v), first_responses,
           (select array_agg(v order by v) from unnest(first_response_secs) v), csat_count, csat_sum,
           sla_fr_met, sla_fr_breached, (select array_agg(v order by v) from unnest(first_response_bh_secs) v),
           sla_res_met, sla_res_breached, (select array_agg(v order by v) from unnest(resolution_bh_secs) v)) as r
    from analytics_daily) a`;

const loadAverage = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(" ");

try {
  console.log(`load average (1, 5, 15 min): ${loadAverage()} on ${os.cpus().length} cores`);
  for (const spec of specs) {
    const name = `st_bench_analytics_${spec.name}_${run}`;
    await admin.query(`create database ${admin.escapeIdentifier(name)}`);
    const url = sibling(server.url, name);
    const client = new pg.Client({ connectionString: url, application_name: "bench-analytics-bulk" });
    await client.connect();
    sides.push({ ...spec, url, client });
    const folder = await migrationsThrough(spec.through);
    folders.push(folder);
    // What runMigrations does for a standalone install, with a journal that may stop early.
    await client.query("select set_config('app.install_mode', 'standalone', false)");
    await migrate(drizzle(client), { migrationsFolder: folder });
    if (!spec.analytics) {
      for (const [table, trigger] of ANALYTICS_TRIGGERS)
        await client.query(`alter table ${table} disable trigger ${trigger}`);
    }
    await client.query(PEOPLE);
    console.log(`${spec.name}: migrated through ${spec.through}${spec.analytics ? "" : ", analytics triggers off"}`);
  }

  const results: { label: string; seconds: Record<string, number> }[] = [];
  for (const step of STEPS) {
    const seconds: Record<string, number> = {};
    for (const side of sides) {
      // Each side starts clean of the previous side's dirty pages (skipped when not a superuser).
      await side.client.query("checkpoint").catch(() => {});
      const started = performance.now();
      const result = await side.client.query(step.sql, step.params);
      seconds[side.name] = (performance.now() - started) / 1000;
      console.log(`${step.label} — ${side.name}: ${seconds[side.name]?.toFixed(2)} s (${result.rowCount} rows)`);
    }
    results.push({ label: step.label, seconds });
  }

  const aggregates: Record<string, string> = {};
  for (const side of sides.filter((s) => s.analytics)) {
    aggregates[side.name] = (await side.client.query<{ rows: string | null }>(AGGREGATES)).rows[0]?.rows ?? "";
  }
  const rowsOf0043 = (aggregates["0043"] ?? "").split("\n").filter(Boolean).length;
  const same = values["skip-old"]
    ? "not compared (--skip-old)"
    : aggregates["0042"] === aggregates["0043"]
      ? "yes"
      : "NO";

  const cell = (n: number | undefined) => (n === undefined ? "—" : n.toFixed(2));
  const header = ["statement", ...sides.map((s) => `${s.name} (s)`), "0042 / 0043"];
  const lines = results.map((r) => {
    const ratio =
      r.seconds["0042"] !== undefined && r.seconds["0043"] ? r.seconds["0042"] / r.seconds["0043"] : undefined;
    return [r.label, ...sides.map((s) => cell(r.seconds[s.name])), ratio === undefined ? "—" : `${ratio.toFixed(1)}×`];
  });
  console.log("");
  console.log(`| ${header.join(" | ")} |`);
  console.log(`| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`);
  for (const line of lines) console.log(`| ${line.join(" | ")} |`);
  console.log("");
  console.log(`analytics_daily rows (0043): ${rowsOf0043}; 0042 and 0043 identical: ${same}`);
  console.log(`load average (1, 5, 15 min): ${loadAverage()}`);
  if (same === "NO") process.exitCode = 1;
} finally {
  for (const side of sides) await side.client.end().catch(() => {});
  if (!values.keep) {
    for (const side of sides) {
      await admin.query(`drop database if exists ${admin.escapeIdentifier(new URL(side.url).pathname.slice(1))}`);
    }
  } else {
    for (const side of sides) console.log(`kept: ${side.url.replace(/\/\/[^@]*@/, "//")}`);
  }
  await admin.end();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
  await server.stop();
}
