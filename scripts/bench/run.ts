/**
 * `npm run bench`: the numbers behind docs/benchmarks.md.
 * Creates (once) a separate benchmark database filled with --scale × (1M tickets, 5M
 * messages, 20k students), then measures, through the project's own services (RLS
 * transaction included), each case's p50/p95/p99 over --runs runs after a warm-up, side by
 * side with the naive implementation a straightforward reading of the plan produces
 * (OFFSET pages, COUNT(*) totals, ILIKE search, per-row counts) and the lower bound (the
 * tightest hand-written SQL on the same indexes, same pool, no RLS, no transaction).
 *   --scale 0.1   a tenth of the volume (quick run)      --runs 200   samples per case
 *   --reseed      rebuild the benchmark database          --only list,search,...  some groups
 *   --seed-only   create and fill the database, measure nothing
 *   --naive-runs 5  samples of each naive query (seconds each at full scale)
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadDotEnv } from "../../src/server/load-dotenv";
import { benchDatabaseName, benchWriterStudent, createBenchDatabase, removeBenchWrites, summarize } from "./bench-db";
import { seedScale } from "./seed-scale";

loadDotEnv();
const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    runs: { type: "string", default: "200" },
    "naive-runs": { type: "string", default: "5" },
    reseed: { type: "boolean", default: false },
    "seed-only": { type: "boolean", default: false },
    only: { type: "string" },
  },
});
const scale = Number(values.scale);
const runs = Number(values.runs);
/** The naive queries take seconds each at 1M tickets: fewer samples. */
const naiveRuns = Number(values["naive-runs"]);
const groups = new Set((values.only ?? "list,search,student,dashboard,write").split(","));
const dbName = benchDatabaseName(scale);

// ---------------------------------------------------------------------------- database
const database = await createBenchDatabase(dbName, { keep: !values.reseed });
const meta = new pg.Client({ connectionString: database.url });
await meta.connect();
await meta.query(
  "create table if not exists bench_meta (seeded_at timestamptz, tickets int, messages int, heavy uuid)",
);
let seeded = (await meta.query("select tickets, messages, heavy from bench_meta")).rows[0] as
  | { tickets: number; messages: number; heavy: string }
  | undefined;
if (!seeded) {
  console.log(`Seeding ${dbName} (scale ${scale})…`);
  const started = performance.now();
  const result = await seedScale(meta, scale, (line) => console.log(`  ${line}`));
  console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  await meta.query("insert into bench_meta values (now(), $1, $2, $3)", [
    result.tickets,
    result.messages,
    result.heavyStudentId,
  ]);
  seeded = { tickets: result.tickets, messages: result.messages, heavy: result.heavyStudentId };
}
if (values["seed-only"]) {
  await meta.end();
  await database.close();
  console.log(`${dbName} is ready: ${seeded.tickets} tickets, ${seeded.messages} messages`);
  process.exit(0);
}
const leftOver = await removeBenchWrites(meta);
if (leftOver > 0) console.log(`Removed ${leftOver} tickets left by earlier benchmark runs.`);
const writerId = (await benchWriterStudent(meta)).id;
const people = await meta.query<{ id: string; email: string; first_name: string; last_name: string; role: string }>(
  `select id, email, first_name, last_name, role from users
    where email in ('bench1@bench.example') or id = $1 or id = $2`,
  [seeded.heavy, writerId],
);
await meta.end();

process.env.DATABASE_URL = database.url;
process.env.DB_POOL_MAX = "12";
process.env.MAKE_TICKET_WEBHOOK_URL = "";
const { resetEnvCache } = await import("../../src/server/env");
resetEnvCache();
const { getPool, closeDb } = await import("../../src/server/db/client");
const { getAllSupportTickets } = await import("../../src/features/tickets/service/get-all-support-tickets");
const { getStudentTickets } = await import("../../src/features/tickets/service/get-student-tickets");
const { getStudentTicketDetails } = await import("../../src/features/tickets/service/get-ticket-details");
const { getAdminDashboard } = await import("../../src/features/tickets/service/get-admin-dashboard");
const { createSupportTicket } = await import("../../src/features/tickets/service/create-ticket");
const { addTicketMessage } = await import("../../src/features/tickets/service/add-ticket-message");

const sessionOf = (row: (typeof people.rows)[number] | undefined) => {
  if (!row) throw new Error("benchmark users missing: rerun with --reseed");
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    role: row.role as "admin" | "student",
    locale: "fr-CA",
  };
};
const admin = sessionOf(people.rows.find((r) => r.role === "admin"));
const student = sessionOf(people.rows.find((r) => r.id === seeded.heavy));
/** Writes as another student, so the heavy student's 200 tickets stay 200. */
const writer = sessionOf(people.rows.find((r) => r.id === writerId));
const pool = getPool();

// ---------------------------------------------------------------------------- measuring
type TRow = {
  group: string;
  name: string;
  ours: ReturnType<typeof summarize>;
  naive?: ReturnType<typeof summarize>;
  lower?: ReturnType<typeof summarize>;
  note?: string;
};
const rows: TRow[] = [];

async function measure(fn: () => Promise<unknown>, count = runs): Promise<ReturnType<typeof summarize>> {
  for (let i = 0; i < Math.min(20, Math.ceil(count / 5)); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}
const rawQuery =
  (text: string, params: unknown[] = []) =>
  () =>
    pool.query(text, params);

// Hand-written SQL of the admin list (no RLS): the page's ids on the sort's index, then names and counts.
function lowerBoundList(where: string, order: string, limit = 21): string {
  return `with page as (
      select id, number, subject, category, status, priority, status_rank, priority_rank, user_id, assigned_to, created_at, updated_at
        from support_tickets t ${where ? `where ${where}` : ""} order by ${order} limit ${limit})
    select p.*, s.name, s.email, a.name as assignee_name, mc.n, mc.last_at,
           greatest(p.created_at, mc.last_student_at) > coalesce(
             (select r.last_read_at from ticket_reads r where r.ticket_id = p.id and r.user_id = '${admin.id}'), '-infinity') as unread
      from page p join users s on s.id = p.user_id left join users a on a.id = p.assigned_to
      left join lateral (select count(*) n, max(m.created_at) last_at,
                                max(m.created_at) filter (where m.user_id = p.user_id) last_student_at
                           from ticket_messages m where m.ticket_id = p.id) mc on true
     order by ${order.replaceAll("t.", "p.")}`;
}
// What a straightforward reading of the plan produces: OFFSET, a COUNT(*) for the total,
// ILIKE for search and a count subquery per row (as an ORM's include/_count would).
async function naiveList(where: string, order: string, offset: number) {
  const filter = where ? `where ${where}` : "";
  await pool.query(`select count(*) from support_tickets t ${filter}`);
  await pool.query(
    `select t.*, s.first_name, s.last_name, s.email, a.first_name as a_first, a.last_name as a_last,
            (select count(*) from ticket_messages m where m.ticket_id = t.id) as message_count
       from support_tickets t join users s on s.id = t.user_id left join users a on a.id = t.assigned_to
       ${filter} order by ${order} offset ${offset} limit 20`,
  );
}

// Ours and the lower bound sort on the rank columns (migration 0013); the naive reading of
// the plan sorts on the enums themselves.
const SORT_SQL: Record<string, string> = {
  created_desc: "t.created_at desc, t.id desc",
  created_asc: "t.created_at asc, t.id asc",
  updated_desc: "t.updated_at desc, t.id desc",
  updated_asc: "t.updated_at asc, t.id asc",
  priority_desc: "t.priority_rank desc, t.created_at desc, t.id desc",
  priority_asc: "t.priority_rank asc, t.created_at asc, t.id asc",
  status_asc: "t.status_rank asc, t.created_at asc, t.id asc",
  status_desc: "t.status_rank desc, t.created_at desc, t.id desc",
};
const naiveOrder = (sort: string) =>
  (SORT_SQL[sort] ?? "").replace("priority_rank", "priority").replace("status_rank", "status");

if (groups.has("list")) {
  type TSort = Parameters<typeof getAllSupportTickets>[1] extends infer Q
    ? Q extends { sort?: infer S }
      ? S
      : never
    : never;
  const today = new Date();
  const monthAgo = new Date(today.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  const todayDay = today.toISOString().slice(0, 10);
  // `where` for the lower bound (rank columns); the naive query reads the enums.
  const cases: { name: string; query: Record<string, unknown>; where: string; naiveWhere?: string }[] = [
    ...Object.keys(SORT_SQL).map((sort) => ({ name: `sort ${sort}`, query: { sort }, where: "" })),
    { name: "status = open", query: { status: "open" }, where: "t.status_rank = 1", naiveWhere: "t.status = 'open'" },
    {
      name: "status = closed",
      query: { status: "closed" },
      where: "t.status_rank = 4",
      naiveWhere: "t.status = 'closed'",
    },
    {
      name: "priority = urgent",
      query: { priority: "urgent" },
      where: "t.priority_rank = 4",
      naiveWhere: "t.priority = 'urgent'",
    },
    { name: "category = paiement", query: { category: "paiement" }, where: "t.category = 'paiement'" },
    { name: "assignee = one admin", query: { assignee: admin.id }, where: `t.assigned_to = '${admin.id}'` },
    { name: "assignee = unassigned", query: { assignee: "unassigned" }, where: "t.assigned_to is null" },
    {
      name: "created in the last 30 days",
      query: { createdFrom: monthAgo, createdTo: todayDay },
      where: `t.created_at >= '${monthAgo}'::date and t.created_at < '${todayDay}'::date + 1`,
    },
    {
      name: "open + paiement + urgent",
      query: { status: "open", category: "paiement", priority: "urgent" },
      where: "t.status_rank = 1 and t.category = 'paiement' and t.priority_rank = 4",
      naiveWhere: "t.status = 'open' and t.category = 'paiement' and t.priority = 'urgent'",
    },
  ];
  for (const c of cases) {
    const sort = (c.query.sort as string | undefined) ?? "created_desc";
    const order = SORT_SQL[sort] ?? "";
    const ours = await measure(() => getAllSupportTickets(admin, c.query as { sort?: TSort }));
    const lower = await measure(rawQuery(lowerBoundList(c.where, order)));
    const naive = await measure(() => naiveList(c.naiveWhere ?? c.where, naiveOrder(sort), 0), naiveRuns);
    rows.push({ group: "admin list, page 1", name: c.name, ours, lower, naive });
  }
  // Page 500: walk the cursor once, then measure fetching that page.
  for (const sort of ["created_desc", "priority_desc", "status_asc"] as const) {
    let cursor: string | undefined;
    for (let page = 1; page < 500; page++) {
      const result = await getAllSupportTickets(admin, { sort, cursor });
      cursor = result.nextCursor ?? undefined;
      if (!cursor) break;
    }
    const atPage = cursor;
    const key = JSON.parse(Buffer.from(atPage ?? "", "base64url").toString()).k as string[];
    const keyset =
      sort === "created_desc"
        ? `(t.created_at, t.id) < ('${key[0]}'::timestamptz, '${key[1]}'::uuid)`
        : sort === "priority_desc"
          ? `(t.priority_rank, t.created_at, t.id) < (${key[0]}, '${key[1]}'::timestamptz, '${key[2]}'::uuid)`
          : `(t.status_rank, t.created_at, t.id) > (${key[0]}, '${key[1]}'::timestamptz, '${key[2]}'::uuid)`;
    const ours = await measure(() => getAllSupportTickets(admin, { sort, cursor: atPage }));
    const lower = await measure(rawQuery(lowerBoundList(keyset, SORT_SQL[sort] ?? "")));
    const naive = await measure(() => naiveList("", naiveOrder(sort), 499 * 20), naiveRuns);
    rows.push({ group: "admin list, page 500", name: `sort ${sort}`, ours, lower, naive });
  }
}

if (groups.has("search")) {
  const sample = await pool.query<{ number: number }>(
    "select number from support_tickets order by number desc offset 12345 limit 1",
  );
  const number = sample.rows[0]?.number ?? 1001;
  const searches = [
    { name: "common word « séance »", text: "séance", like: "séance" },
    { name: "common word without accent « seance »", text: "seance", like: "seance" },
    { name: "rare word « photosynthèse »", text: "photosynthèse", like: "photosynthèse" },
    { name: "rare word without accent « photosynthese »", text: "photosynthese", like: "photosynthese" },
    { name: "two words « remboursement séance »", text: "remboursement séance", like: "remboursement séance" },
    { name: `ticket number « #${number} »`, text: `#${number}`, like: `#${number}` },
  ];
  for (const s of searches) {
    const result = await getAllSupportTickets(admin, { search: s.text });
    const terms = s.text.startsWith("#")
      ? `t.number = ${number}`
      : `t.search_vector @@ (${s.text
          .split(" ")
          .map(
            (w) =>
              `(to_tsquery('public.ticket_search', '${w}:*') || to_tsquery('public.ticket_search_simple', '${w}:*'))`,
          )
          .join(" && ")})`;
    const ours = await measure(() => getAllSupportTickets(admin, { search: s.text }));
    const lower = await measure(rawQuery(lowerBoundList(terms, SORT_SQL.created_desc ?? "")));
    const naiveWhere = `(t.subject ilike '%${s.like}%' or t.description ilike '%${s.like}%')`;
    const naive = await measure(() => naiveList(naiveWhere, SORT_SQL.created_desc ?? "", 0), naiveRuns);
    const naiveHits = await pool.query(`select count(*)::int as n from support_tickets t where ${naiveWhere}`);
    rows.push({
      group: "admin search",
      name: s.name,
      ours,
      lower,
      naive,
      note: `ours: ${result.items.length}${result.nextCursor ? "+" : ""} on page 1; naive ILIKE finds ${naiveHits.rows[0]?.n}`,
    });
  }
}

if (groups.has("student")) {
  const list = await getStudentTickets(student, {});
  const ticketId = list.items[0]?.id ?? "";
  rows.push({
    group: "student (200 tickets)",
    name: "list, page 1",
    ours: await measure(() => getStudentTickets(student, {})),
  });
  rows.push({
    group: "student (200 tickets)",
    name: "list, status = closed",
    ours: await measure(() => getStudentTickets(student, { status: "closed" })),
  });
  rows.push({
    group: "student (200 tickets)",
    name: "ticket details",
    ours: await measure(() => getStudentTicketDetails(student, ticketId)),
  });
}

if (groups.has("dashboard")) {
  rows.push({
    group: "admin dashboard",
    name: "counts + 10 newest",
    ours: await measure(() => getAdminDashboard(admin)),
  });
}

const throughput: Record<string, number> = {};
if (groups.has("write")) {
  const input = (i: number) => ({
    subject: `Séance impossible à réserver (${i})`,
    description: "Le calendrier refuse l'heure de ma séance habituelle du jeudi.",
    category: "reservations",
  });
  const createdIds: string[] = [];
  for (const [label, clients] of [
    ["1 client", 1],
    ["10 clients", 10],
  ] as const) {
    const total = clients === 1 ? 500 : 3000;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < total) {
          next += 1;
          createdIds.push((await createSupportTicket(writer, input(next))).id);
        }
      }),
    );
    throughput[`ticket creation, ${label} (per s)`] = Math.round(total / ((performance.now() - started) / 1000));
  }
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < 3000) {
        const ticketId = createdIds[next % createdIds.length] ?? "";
        next += 1;
        await addTicketMessage(writer, { ticketId, message: "Merci, j'attends votre réponse." });
      }
    }),
  );
  throughput["message add, 10 clients (per s)"] = Math.round(3000 / ((performance.now() - started) / 1000));
  await removeBenchWrites(pool);
}

// ---------------------------------------------------------------------------- report
const fmt = (n: number | undefined) =>
  n === undefined || Number.isNaN(n) ? "—" : n < 10 ? n.toFixed(2) : n.toFixed(1);
console.log(
  `\nBenchmark on ${os.cpus().length} cores, Node ${process.version}, ${seeded.tickets} tickets / ${seeded.messages} messages, ${runs} runs per case (ms)\n`,
);
let lastGroup = "";
for (const row of rows) {
  if (row.group !== lastGroup) {
    console.log(
      `${row.group}\n  ${"case".padEnd(44)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"p99".padStart(7)} │ ${"lower p95".padStart(9)} ${"ours/low".padStart(8)} │ ${"naive p95".padStart(9)} ${"naive/ours".padStart(10)}`,
    );
    lastGroup = row.group;
  }
  const ratioLower = row.lower ? row.ours.p95 / row.lower.p95 : undefined;
  const ratioNaive = row.naive ? row.naive.p95 / row.ours.p95 : undefined;
  console.log(
    `  ${row.name.padEnd(44)} ${fmt(row.ours.p50).padStart(7)} ${fmt(row.ours.p95).padStart(7)} ${fmt(row.ours.p99).padStart(7)} │ ${fmt(row.lower?.p95).padStart(9)} ${(ratioLower ? `${ratioLower.toFixed(1)}×` : "—").padStart(8)} │ ${fmt(row.naive?.p95).padStart(9)} ${(ratioNaive ? `${ratioNaive.toFixed(0)}×` : "—").padStart(10)}${row.note ? `  (${row.note})` : ""}`,
  );
}
for (const [name, value] of Object.entries(throughput)) console.log(`${name}: ${value}`);
await mkdir("bench-results", { recursive: true });
await writeFile(
  "bench-results/bench.json",
  `${JSON.stringify({ at: new Date().toISOString(), scale, runs, cpus: os.cpus().length, tickets: seeded.tickets, messages: seeded.messages, rows, throughput }, null, 2)}\n`,
);
console.log("\n→ bench-results/bench.json");
await closeDb();
await database.close();
process.exit(0);
