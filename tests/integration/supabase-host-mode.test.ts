/**
 * Host mode (issue 20, docs/supabase.md section 5), as far as it is built: the install mode the
 * migrator records and refuses to switch, and the contract a host app writes before installing,
 * checked on a Supabase database holding the plan's Prisma-shaped tables
 * (tests/support/supabase/host-platform.sql) with the shipped template (docs/host-contract.sql).
 * The migrations themselves do not install in host mode yet: the migrator stops after its
 * preflight, and these tests prove it leaves the host's database as it found it.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MigrationError, runMigrations } from "@/server/db/migrate";
import { testDatabaseUrl } from "../support/db";
import { createSupabaseDatabase, type TSupabaseDatabase } from "../support/supabase/supabase-database";

const HOST_PLATFORM = readFileSync(new URL("../support/supabase/host-platform.sql", import.meta.url), "utf8");
const HOST_CONTRACT = readFileSync(path.resolve(process.cwd(), "docs/host-contract.sql"), "utf8");

/** The host's own tables as the catalog describes them: what installing must never change. */
const HOST_CATALOG = `
  with host(oid) as (
    select c.oid from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relname in ('users', 'courses', 'appointments', 'orders'))
  select 'column' as kind, a.attrelid::regclass::text || '.' || a.attname as name,
         format_type(a.atttypid, a.atttypmod) || ' not null ' || a.attnotnull || ' default ' ||
           coalesce(pg_get_expr(d.adbin, d.adrelid), '') as definition
    from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
   where a.attrelid in (select oid from host) and a.attnum > 0 and not a.attisdropped
  union all
  select 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
    from pg_constraint where conrelid in (select oid from host) or confrelid in (select oid from host)
  union all
  select 'index', indexrelid::regclass::text, pg_get_indexdef(indexrelid) from pg_index where indrelid in (select oid from host)
  union all
  select 'trigger', tgrelid::regclass::text || '.' || tgname, pg_get_triggerdef(oid)
    from pg_trigger where tgrelid in (select oid from host)
  union all
  select 'policy', tablename || '.' || policyname, json_build_object('cmd', cmd, 'roles', roles, 'using', qual, 'check', with_check)::text
    from pg_policies where schemaname = 'public' and tablename in ('users', 'courses', 'appointments', 'orders')
  union all
  select 'table', c.oid::regclass::text,
         json_build_object('rls', c.relrowsecurity, 'forced', c.relforcerowsecurity, 'acl', c.relacl, 'owner', pg_get_userbyid(c.relowner))::text
    from pg_class c where c.oid in (select oid from host)
  union all
  select 'enum', t.typname, string_agg(e.enumlabel, ',' order by e.enumsortorder)
    from pg_type t join pg_enum e on e.enumtypid = t.oid
   where t.typnamespace = 'public'::regnamespace and t.typname in ('Role', 'AppointmentStatus', 'OrderStatus')
   group by t.typname
  order by 1, 2`;

async function rows(url: string, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function migrationFailure(url: string, installMode: "standalone" | "host"): Promise<MigrationError> {
  const failure = await runMigrations(url, { installMode }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(MigrationError);
  return failure as MigrationError;
}

describe("host mode's contract on the plan's Prisma-shaped Supabase database", () => {
  let supabase: TSupabaseDatabase;
  let hostCatalog: Record<string, unknown>[];
  const student = randomUUID();
  const tutor = randomUUID();
  const admin = randomUUID();
  const parent = randomUUID();
  const course = randomUUID();
  const appointment = randomUUID();
  const order = randomUUID();

  beforeAll(async () => {
    supabase = await createSupabaseDatabase(testDatabaseUrl());
    await rows(supabase.url, HOST_PLATFORM);
    await rows(
      supabase.url,
      `insert into "users" ("id", "email", "firstName", "lastName", "role", "locale", "updatedAt") values
         ($1, 'lea@exemple.test', 'Léa', 'Roy', 'STUDENT', 'fr', now()),
         ($2, 'marc@exemple.test', 'Marc', null, 'TUTOR', 'en-CA', now()),
         ($3, 'nadia@exemple.test', 'Nadia', 'Gagnon', 'ADMIN', 'fr', now()),
         ($4, 'parent@exemple.test', 'Paul', 'Roy', 'PARENT', 'fr', now());
       insert into "courses" ("id", "code", "title", "subject") values ($5, 'MAT-101', 'Algèbre', 'Mathématiques');
       insert into "appointments" ("id", "studentId", "tutorId", "courseId", "startsAt", "status")
         values ($6, $1, $2, $5, '2026-11-24 19:00:00', 'COMPLETED');
       insert into "orders" ("id", "userId", "description", "total", "status", "createdAt")
         values ($7, $1, 'Forfait 10 séances', 449.99, 'PAID', '2026-11-20 14:30:00');`.replaceAll(
        /\$(\d)/g,
        (_, n: string) => `'${[student, tutor, admin, parent, course, appointment, order][Number(n) - 1]}'`,
      ),
    );
    hostCatalog = await rows(supabase.superuserUrl, HOST_CATALOG);
  }, 180_000);

  afterAll(async () => {
    await supabase?.drop();
  });

  it("stops before anything when the contract is missing, naming what is missing", async () => {
    const error = await migrationFailure(supabase.url, "host");
    expect(error.message).toBe(
      "host contract: type public.user_role is missing (create it first: docs/host-contract.sql)",
    );
    const [state] = await rows(
      supabase.url,
      "select to_regnamespace('drizzle') is null as no_drizzle, to_regclass('public.support_tickets') is null as no_tickets",
    );
    expect(state).toEqual({ no_drizzle: true, no_tickets: true });
  });

  it("reads the host's rows through the shipped template, in the contract's shape", async () => {
    await rows(supabase.url, HOST_CONTRACT);
    // The template runs again on top of itself (the host re-applies it after a change).
    await rows(supabase.url, HOST_CONTRACT);
    expect(await rows(supabase.url, "select * from platform.users order by email")).toEqual([
      { id: student, email: "lea@exemple.test", first_name: "Léa", last_name: "Roy", role: "student", locale: "fr-CA" },
      { id: tutor, email: "marc@exemple.test", first_name: "Marc", last_name: "", role: "tutor", locale: "en" },
      {
        id: admin,
        email: "nadia@exemple.test",
        first_name: "Nadia",
        last_name: "Gagnon",
        role: "admin",
        locale: "fr-CA",
      },
    ]);
    expect(await rows(supabase.url, "select *, starts_at::text as starts from platform.appointments")).toEqual([
      {
        id: appointment,
        student_id: student,
        tutor_id: tutor,
        course_id: course,
        starts_at: new Date("2026-11-24T19:00:00Z"),
        duration_minutes: 60,
        status: "completed",
        starts: "2026-11-24 19:00:00+00",
      },
    ]);
    expect(await rows(supabase.url, "select * from platform.orders")).toEqual([
      {
        id: order,
        user_id: student,
        description: "Forfait 10 séances",
        total_cents: 44999,
        currency: "CAD",
        status: "paid",
        created_at: new Date("2026-11-20T14:30:00Z"),
      },
    ]);
    expect(await rows(supabase.url, "select * from platform.courses")).toEqual([
      { id: course, code: "MAT-101", title: "Algèbre", subject: "Mathématiques" },
    ]);
  });

  it("no API role can read the platform views", async () => {
    const [grants] = await rows(
      supabase.superuserUrl,
      `select bool_or(has_table_privilege(r, v, 'SELECT')) as any_select
         from unnest(array['anon', 'authenticated', 'service_role']) r,
              unnest(array['platform.users', 'platform.courses', 'platform.appointments', 'platform.orders']) v`,
    );
    expect(grants).toEqual({ any_select: false });
  });

  it("names the first column that breaks the contract", async () => {
    await rows(
      supabase.url,
      `drop view platform.orders;
       create view platform.orders as
         select o.id::uuid as id, o."userId"::uuid as user_id, coalesce(o.description, '') as description,
                o.total * 100 as total_cents, o.currency::char(3) as currency,
                lower(o.status::text)::public.order_status as status, (o."createdAt" at time zone 'UTC') as created_at
           from public.orders o`,
    );
    expect((await migrationFailure(supabase.url, "host")).message).toBe(
      "host contract: platform.orders column 4 is total_cents numeric, the contract wants total_cents integer",
    );
    await rows(
      supabase.url,
      `drop view platform.users;
       create view platform.users as select u.id::uuid as id, u.email, u."firstName" from public.users u`,
    );
    expect((await migrationFailure(supabase.url, "host")).message).toBe(
      "host contract: platform.users column 3 is firstName text, the contract wants first_name text",
    );
    await rows(supabase.url, "drop view platform.users, platform.orders");
    await rows(supabase.url, HOST_CONTRACT);
  });

  it("with the contract in place, still installs nothing and leaves the host's tables as they were", async () => {
    const error = await migrationFailure(supabase.url, "host");
    expect(error.message).toMatch(/^host mode: the contract checks out, but the migrations cannot install/);
    const [state] = await rows(
      supabase.url,
      `select to_regnamespace('drizzle') is null as no_drizzle, to_regclass('public.support_tickets') is null as no_tickets,
              to_regnamespace('app') is null as no_app`,
    );
    expect(state).toEqual({ no_drizzle: true, no_tickets: true, no_app: true });
    expect(await rows(supabase.superuserUrl, HOST_CATALOG)).toEqual(hostCatalog);
    expect(hostCatalog.length).toBeGreaterThan(40);
  });
});

describe("the install mode a database records", () => {
  const database = `st_test_${Date.now()}_${randomBytes(4).toString("hex")}_mode`;
  const url = (() => {
    const parsed = new URL(testDatabaseUrl());
    parsed.pathname = `/${database}`;
    return parsed.toString();
  })();
  const applied = "select count(*)::int as n from drizzle.__drizzle_migrations";

  beforeAll(async () => {
    await rows(testDatabaseUrl(), `create database ${database}`);
    await runMigrations(url, { installMode: "standalone" });
  }, 180_000);

  afterAll(async () => {
    await rows(testDatabaseUrl(), `drop database if exists ${database} with (force)`);
  });

  it("records standalone on the first run", async () => {
    expect(await rows(url, "select mode from app.install_info")).toEqual([{ mode: "standalone" }]);
  });

  it("refuses host mode on a standalone database, before running anything", async () => {
    const [before] = await rows(url, applied);
    const error = await migrationFailure(url, "host");
    expect(error.message).toBe(
      "this database was installed standalone, not host mode (HOST_MODE=true): switching an installed database " +
        "between modes is not supported (set HOST_MODE=false again; docs/supabase.md, section 5)",
    );
    expect(await rows(url, applied)).toEqual([before]);
  });

  it("counts a database migrated before the mode was recorded as standalone, and records it on its next run", async () => {
    await rows(
      url,
      `drop table app.install_info;
       delete from drizzle.__drizzle_migrations where created_at = 1796241000000`,
    );
    expect((await migrationFailure(url, "host")).message).toMatch(/^this database was installed standalone/);
    await runMigrations(url, { installMode: "standalone" });
    expect(await rows(url, "select mode from app.install_info")).toEqual([{ mode: "standalone" }]);
  });

  it("refuses standalone on a database recorded as host mode", async () => {
    await rows(url, "update app.install_info set mode = 'host'");
    expect((await migrationFailure(url, "standalone")).message).toBe(
      "this database was installed in host mode (HOST_MODE=true), not standalone: switching an installed database " +
        "between modes is not supported (set HOST_MODE=true again; docs/supabase.md, section 5)",
    );
    await rows(url, "update app.install_info set mode = 'standalone'");
    await runMigrations(url, { installMode: "standalone" });
  });

  it("keeps one row", async () => {
    const failure = await rows(url, "insert into app.install_info (only_row, mode) values (false, 'host')").then(
      () => undefined,
      (error: unknown) => (error as { code?: string }).code,
    );
    expect(failure).toBe("23514");
  });
});
