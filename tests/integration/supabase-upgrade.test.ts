/**
 * Databases migrated before issue 20 (helpers in auth, an auth.uid() reading only
 * request.jwt.claim.sub) reach, with today's migrations, the state of a new database:
 * - plain PostgreSQL, migrated by its superuser as `npm start` does;
 * - a Supabase project from before April 2025, where `postgres` could still write to auth and
 *   the old migrations had replaced Supabase's auth.uid(): PostgREST's JSON claims saw no user.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, runMigrations } from "@/server/db/migrate";
import { testDatabaseUrl } from "../support/db";
import { ACCESS_CATALOG, writeMigrationsBeforeIssue20 } from "../support/supabase/before-issue-20";
import { runAsCaller } from "../support/supabase/claims";
import { createSupabaseDatabase, type TSupabaseDatabase } from "../support/supabase/supabase-database";

let oldMigrations: string;

beforeAll(async () => {
  oldMigrations = await writeMigrationsBeforeIssue20();
});

afterAll(async () => {
  await rm(oldMigrations, { recursive: true, force: true });
});

function urlOf(database: string): string {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function query<R extends Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function migrateWithOldSet(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await migrate(drizzle(client), { migrationsFolder: oldMigrations });
  } finally {
    await client.end();
  }
}

describe("plain PostgreSQL migrated before issue 20", () => {
  const run = `${Date.now()}_${randomBytes(4).toString("hex")}`;
  const upgraded = `st_test_${run}_upgraded`;
  const fresh = `st_test_${run}_fresh`;
  const server = testDatabaseUrl();

  beforeAll(async () => {
    await query(server, `create database ${upgraded}`);
    await query(server, `create database ${fresh}`);
  });

  afterAll(async () => {
    await query(server, `drop database if exists ${upgraded}`);
    await query(server, `drop database if exists ${fresh}`);
  });

  it("ends, after today's migrations, with the policies, functions and privileges of a new database", async () => {
    await migrateWithOldSet(urlOf(upgraded));
    const before = await query<{ definition: string }>(urlOf(upgraded), ACCESS_CATALOG);
    expect(before.filter((row) => row.definition.includes("auth.is_admin()")).length).toBeGreaterThan(20);

    await runMigrations(urlOf(upgraded));
    await runMigrations(urlOf(fresh));
    const after = await query(urlOf(upgraded), ACCESS_CATALOG);
    expect(after).toEqual(await query(urlOf(fresh), ACCESS_CATALOG));
    expect(after.filter((row) => /auth\.(is_admin|user_role)/.test(String(row.definition)))).toEqual([]);
  });
});

describe("a database shared with a host app, migrated before issue 20", () => {
  const database = `st_test_${Date.now()}_${randomBytes(4).toString("hex")}_shared`;

  beforeAll(async () => {
    await query(testDatabaseUrl(), `create database ${database}`);
  });

  afterAll(async () => {
    await query(testDatabaseUrl(), `drop database if exists ${database}`);
  });

  it("leaves the host's own policy on auth.is_admin() alone, and keeps that function for it", async () => {
    await migrateWithOldSet(urlOf(database));
    await query(
      urlOf(database),
      `create table public.host_notes (id int);
       alter table public.host_notes enable row level security;
       create policy host_notes_admins on public.host_notes using ((select auth.is_admin()))`,
    );
    await runMigrations(urlOf(database));
    const [policy] = await query(
      urlOf(database),
      "select qual from pg_policies where policyname = 'host_notes_admins'",
    );
    expect(String(policy?.qual)).toContain("auth.is_admin()");
    const ours = await query(
      urlOf(database),
      `select p.proname from pg_proc p where p.pronamespace = 'auth'::regnamespace order by 1`,
    );
    expect(ours.map((row) => row.proname)).toEqual(["is_admin", "uid"]);
    const [policyOfOurs] = await query(
      urlOf(database),
      "select qual from pg_policies where policyname = 'support_tickets_select'",
    );
    expect(String(policyOfOurs?.qual)).toContain("app.is_admin()");
  });
});

describe("a Supabase project from before April 2025 that the old migrations installed into", () => {
  let supabase: TSupabaseDatabase;
  let student: string;

  beforeAll(async () => {
    supabase = await createSupabaseDatabase(testDatabaseUrl(), "before-april-2025");
    await migrateWithOldSet(supabase.url);
    student = randomUUID();
    await query(
      supabase.url,
      `with u as (insert into public.users (id, name, email, first_name, last_name, role)
                  values ($1, 'Noah Côté', $2, 'Noah', 'Côté', 'student') returning id)
       insert into public.support_tickets (user_id, subject, description, category)
       select id, 'Facture en double', 'Ma commande a été facturée deux fois.', 'reservations' from u`,
      [student, `noah.${student}@exemple.test`],
    );
  }, 180_000);

  afterAll(async () => {
    await supabase?.drop();
  });

  async function ticketsSeenThroughPostgrest(): Promise<number> {
    const pool = new pg.Pool({ connectionString: supabase.url, max: 1 });
    try {
      const outcome = await runAsCaller(
        pool,
        { role: "authenticated", userId: student },
        "json",
        "select count(*)::int as n from public.support_tickets",
      );
      if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
      return Number(outcome.rows[0]?.n);
    } finally {
      await pool.end();
    }
  }

  it("had lost the JSON claims: a PostgREST caller saw none of their tickets", async () => {
    expect(await ticketsSeenThroughPostgrest()).toBe(0);
  });

  it("reads both claim forms again and keeps nothing of ours in auth after today's migrations", async () => {
    await runMigrations(supabase.url);
    expect(await ticketsSeenThroughPostgrest()).toBe(1);
    const auth = await query(
      supabase.superuserUrl,
      `select p.oid::regprocedure::text as name, pg_get_userbyid(p.proowner) as owner,
              p.prosrc like '%request.jwt.claims%' as reads_json_claims
         from pg_proc p where p.pronamespace = 'auth'::regnamespace order by 1`,
    );
    expect(auth).toEqual([
      { name: "auth.email()", owner: "supabase_auth_admin", reads_json_claims: true },
      { name: "auth.jwt()", owner: "supabase_auth_admin", reads_json_claims: true },
      { name: "auth.role()", owner: "supabase_auth_admin", reads_json_claims: true },
      { name: "auth.uid()", owner: "supabase_auth_admin", reads_json_claims: true },
    ]);
  });
});

/**
 * Host mode's wrappers (issue 20): each statement of 0000-0037 that touches a platform table is
 * run as `DO $platform$ BEGIN IF <not host> THEN EXECUTE $statement$<the statement>$statement$; …`.
 * A database migrated with every wrapper taken off (the statements as they were before host
 * mode) and one migrated by today's migrator standalone have the same catalog.
 */
const HOST_MODE_WRAPPER =
  /DO \$platform\$ BEGIN IF [^\n]*? THEN EXECUTE \$statement\$([\s\S]*?)\$statement\$;(?: ELSE EXECUTE \$statement\$[\s\S]*?\$statement\$;)? END IF; END \$platform\$;/g;

/** Tables, columns, constraints, indexes, triggers, types and sequences of public, with their definitions. */
const STRUCTURE_CATALOG = `
  select 'column' as kind, c.oid::regclass::text || '.' || a.attnum || '.' || a.attname as name,
         format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
           || ' ' || a.attidentity::text || a.attgenerated::text as definition
    from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
   where c.relnamespace in ('public'::regnamespace, 'app'::regnamespace) and c.relkind in ('r', 'v', 'm', 'S')
  union all
  select 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
    from pg_constraint where connamespace in ('public'::regnamespace, 'app'::regnamespace)
  union all
  select 'index', indexrelid::regclass::text, pg_get_indexdef(indexrelid)
    from pg_index i join pg_class c on c.oid = i.indexrelid where c.relnamespace in ('public'::regnamespace, 'app'::regnamespace)
  union all
  select 'trigger', t.tgrelid::regclass::text || '.' || t.tgname, pg_get_triggerdef(t.oid)
    from pg_trigger t join pg_class c on c.oid = t.tgrelid
   where c.relnamespace in ('public'::regnamespace, 'app'::regnamespace) and not t.tgisinternal
  union all
  select 'type', t.oid::regtype::text, coalesce(string_agg(e.enumlabel, ',' order by e.enumsortorder), t.typtype::text)
    from pg_type t left join pg_enum e on e.enumtypid = t.oid
   where t.typnamespace in ('public'::regnamespace, 'app'::regnamespace) and t.typtype in ('e', 'd', 'c')
     and not exists (select 1 from pg_class c where c.reltype = t.oid)
   group by t.oid
  union all
  select 'default acl', coalesce(defaclnamespace::regnamespace::text, '') || '.' || defaclobjtype::text, defaclacl::text
    from pg_default_acl
  order by 1, 2`;

async function writeMigrationsWithoutHostWrappers(): Promise<{ folder: string; wrapped: number }> {
  const folder = await mkdtemp(path.join(tmpdir(), "migrations-without-host-wrappers-"));
  await mkdir(path.join(folder, "meta"));
  await writeFile(
    path.join(folder, "meta/_journal.json"),
    await readFile(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8"),
  );
  let wrapped = 0;
  for (const file of (await readdir(MIGRATIONS_FOLDER)).filter((name) => name.endsWith(".sql"))) {
    const text = await readFile(path.join(MIGRATIONS_FOLDER, file), "utf8");
    const unwrapped = text.replace(HOST_MODE_WRAPPER, (_, statement: string) => {
      wrapped += 1;
      return statement;
    });
    await writeFile(path.join(folder, file), unwrapped);
  }
  return { folder, wrapped };
}

describe("host mode's wrappers in a standalone install", () => {
  const run = `${Date.now()}_${randomBytes(4).toString("hex")}`;
  const unwrapped = `st_test_${run}_unwrapped`;
  const standalone = `st_test_${run}_standalone`;
  let folder: string;
  let wrapped: number;

  beforeAll(async () => {
    ({ folder, wrapped } = await writeMigrationsWithoutHostWrappers());
    await query(testDatabaseUrl(), `create database ${unwrapped}`);
    await query(testDatabaseUrl(), `create database ${standalone}`);
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await query(testDatabaseUrl(), `drop database if exists ${unwrapped}`);
    await query(testDatabaseUrl(), `drop database if exists ${standalone}`);
  });

  it("change nothing: the same tables, columns, constraints, indexes, policies, functions and privileges", async () => {
    expect(wrapped).toBeGreaterThan(70);
    const client = new pg.Client({ connectionString: urlOf(unwrapped) });
    await client.connect();
    try {
      await migrate(drizzle(client), { migrationsFolder: folder });
    } finally {
      await client.end();
    }
    await runMigrations(urlOf(standalone), { installMode: "standalone" });
    const structure = await query(urlOf(standalone), STRUCTURE_CATALOG);
    expect(structure.length).toBeGreaterThan(500);
    expect(structure).toEqual(await query(urlOf(unwrapped), STRUCTURE_CATALOG));
    expect(await query(urlOf(standalone), ACCESS_CATALOG)).toEqual(await query(urlOf(unwrapped), ACCESS_CATALOG));
  });
});
