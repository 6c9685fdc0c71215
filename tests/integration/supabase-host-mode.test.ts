/**
 * Host mode (issue 20, docs/supabase.md section 5), on a Supabase database holding the plan's
 * Prisma-shaped tables (tests/support/supabase/host-platform.sql) and the shipped contract
 * template (docs/host-contract.sql): the contract checked before anything runs, the install (and
 * again on top of itself) that leaves the host's tables as they were, and the database's rules on
 * the host's users: a student signed in by a Supabase JWT files a ticket on their appointment
 * and order through the app's own RLS transaction (withUser), an admin sees and answers it,
 * another student sees nothing, and PostgREST callers get the same in both claim forms.
 * Then the app itself in host mode (migration 0042's host_compat views): the session read from a
 * Supabase token, the real ticket services for a student and an admin, the emails and the worker.
 * The install mode a database records, and the refusal to switch it, close the file.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { SignJWT } from "jose";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sendEmailBatch } from "@/features/notifications/worker/send-emails";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { getAllSupportTickets } from "@/features/tickets/service/get-all-support-tickets";
import { getStudentProfile } from "@/features/tickets/service/get-student-profile";
import { getStudentTickets } from "@/features/tickets/service/get-student-tickets";
import { getAdminTicketDetails, getStudentTicketDetails } from "@/features/tickets/service/get-ticket-details";
import {
  getStudentAppointmentsForTicket,
  getStudentOrdersForTicket,
} from "@/features/tickets/service/get-ticket-form-options";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import { readSessionUser, type TSessionUser } from "@/server/auth/session";
import { verifySupabaseAccessToken } from "@/server/auth/supabase-session";
import { closeDb } from "@/server/db/client";
import { MIGRATIONS_FOLDER, MigrationError, runMigrations } from "@/server/db/migrate";
import { withUser } from "@/server/db/with-user";
import { resetEnvCache } from "@/server/env";
import { AppError } from "@/server/errors";
import { testDatabaseUrl } from "../support/db";
import { expandQueuedNotifications, startSmtpServer, testEmailConfig } from "../support/email";
import { runAsCaller } from "../support/supabase/claims";
import { createSupabaseDatabase, type TSupabaseDatabase } from "../support/supabase/supabase-database";
import { startTestWorker, stopTestWorker, waitFor } from "../support/webhooks";

const HOST_PLATFORM = readFileSync(new URL("../support/supabase/host-platform.sql", import.meta.url), "utf8");
const HOST_CONTRACT = readFileSync(path.resolve(process.cwd(), "docs/host-contract.sql"), "utf8");
const SUPABASE_URL = "http://127.0.0.1:54321";
const JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

function journalLength(): number {
  return (
    JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as { entries: unknown[] }
  ).entries.length;
}

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
  select 'function', p.oid::regprocedure::text, p.prosrc || ' definer ' || p.prosecdef
    from pg_proc p where p.pronamespace = 'public'::regnamespace and p.proname = 'handle_new_user'
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
  const otherStudent = randomUUID();
  const otherAppointment = randomUUID();
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
         ($4, 'parent@exemple.test', 'Paul', 'Roy', 'PARENT', 'fr', now()),
         ($8, 'noah@exemple.test', 'Noah', 'Côté', 'STUDENT', 'fr', now());
       insert into "courses" ("id", "code", "title", "subject") values ($5, 'MAT-101', 'Algèbre', 'Mathématiques');
       insert into "appointments" ("id", "studentId", "tutorId", "courseId", "startsAt", "status")
         values ($6, $1, $2, $5, '2026-11-24 19:00:00', 'COMPLETED'),
                ($9, $8, $2, $5, '2026-11-25 19:00:00', 'SCHEDULED');
       insert into "orders" ("id", "userId", "description", "total", "status", "createdAt")
         values ($7, $1, 'Forfait 10 séances', 449.99, 'PAID', '2026-11-20 14:30:00');`.replaceAll(
        /\$(\d)/g,
        (_, n: string) =>
          `'${[student, tutor, admin, parent, course, appointment, order, otherStudent, otherAppointment][Number(n) - 1]}'`,
      ),
    );
    hostCatalog = await rows(supabase.superuserUrl, HOST_CATALOG);
  }, 180_000);

  afterAll(async () => {
    await supabase?.drop();
  });

  it("refuses a standalone install into the host's database, before anything runs", async () => {
    expect((await migrationFailure(supabase.url, "standalone")).message).toBe(
      "public.users already exists in a database the ticket system was never installed in: if it is the host " +
        "app's, install in host mode (HOST_MODE=true, docs/supabase.md, section 5); nothing was installed",
    );
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
      {
        id: otherStudent,
        email: "noah@exemple.test",
        first_name: "Noah",
        last_name: "Côté",
        role: "student",
        locale: "fr-CA",
      },
    ]);
    expect(
      await rows(supabase.url, "select *, starts_at::text as starts from platform.appointments where id = $1", [
        appointment,
      ]),
    ).toEqual([
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

  it("installs with HOST_MODE, and again on top of itself, leaving the host's tables as they were", async () => {
    await runMigrations(supabase.url, { installMode: "host" });
    await runMigrations(supabase.url, { installMode: "host" });
    const [state] = await rows(
      supabase.url,
      `select (select count(*)::int from drizzle.__drizzle_migrations) as applied,
              (select mode from app.install_info) as mode,
              to_regclass('public.support_tickets') is not null as tickets,
              to_regclass('public.sessions') is null and to_regclass('public.accounts') is null
                and to_regclass('public.verifications') is null as no_better_auth`,
    );
    expect(state).toEqual({ applied: journalLength(), mode: "host", tickets: true, no_better_auth: true });
    expect(await rows(supabase.superuserUrl, HOST_CATALOG)).toEqual(hostCatalog);
    expect(hostCatalog.length).toBeGreaterThan(40);
    // Our tables keep the platform's ids without foreign keys to tables we do not own.
    expect(
      await rows(
        supabase.superuserUrl,
        `with host(oid) as (select unnest(array['public.users', 'public.appointments', 'public.orders', 'public.courses']::regclass[]))
         select conrelid::regclass::text as from_table, confrelid::regclass::text as to_table from pg_constraint
          where contype = 'f' and confrelid in (select oid from host) and conrelid not in (select oid from host)`,
      ),
    ).toEqual([]);
  });

  it("leaves no function of ours reading the host's tables, and gives API roles nothing on the views", async () => {
    const [state] = await rows(
      supabase.superuserUrl,
      `select (select array_agg(p.oid::regprocedure::text order by 1) from pg_proc p
                where p.pronamespace in ('public'::regnamespace, 'app'::regnamespace)
                  and p.oid <> 'public.handle_new_user()'::regprocedure
                  and p.prosrc ~ 'public\\.(users|courses|appointments|orders|sessions|accounts)\\M') as reading_host,
              (select count(*)::int from pg_proc p where p.pronamespace = 'app'::regnamespace
                  and p.prosrc ~ 'platform\\.(users|appointments|orders)') as reading_contract,
              (select bool_or(has_table_privilege(r, v, 'SELECT'))
                 from unnest(array['anon', 'authenticated']) r,
                      unnest(array['platform.users', 'platform.courses', 'platform.appointments', 'platform.orders']) v)
                as api_reads_views`,
    );
    expect(state).toEqual({ reading_host: null, reading_contract: expect.any(Number), api_reads_views: false });
    expect(Number(state?.reading_contract)).toBeGreaterThanOrEqual(9);
  });

  describe("a host student signed in by a Supabase JWT", () => {
    let ticket: string;

    beforeAll(async () => {
      // The app's own pool, as on Supabase: `postgres`, each request as `authenticated`.
      await closeDb();
      vi.stubEnv("DATABASE_URL", supabase.url);
      resetEnvCache();
    });

    afterAll(async () => {
      await closeDb();
      vi.unstubAllEnvs();
      resetEnvCache();
    });

    async function signedIn(sub: string): Promise<{ id: string }> {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({
        sub,
        aud: "authenticated",
        iss: `${SUPABASE_URL}/auth/v1`,
        role: "authenticated",
      })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(new TextEncoder().encode(JWT_SECRET));
      const id = await verifySupabaseAccessToken(token, {
        jwtSecret: JWT_SECRET,
        jwks: undefined,
        audience: "authenticated",
        issuer: `${SUPABASE_URL}/auth/v1`,
        cookieName: undefined,
      });
      if (!id) throw new Error("the token was refused");
      return { id };
    }

    async function failureOf(work: Promise<unknown>): Promise<string> {
      return work.then(
        () => "ok",
        (error: unknown) => {
          for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
            const code = (current as { code?: unknown }).code;
            if (typeof code === "string") return code;
          }
          return String(error);
        },
      );
    }

    it("files a ticket on their own appointment and order, and on no one else's", async () => {
      const user = await signedIn(student);
      const [row] = await withUser(user, async (tx) => {
        const created = await tx.execute(sql`
          insert into public.support_tickets (user_id, subject, description, category, appointment_id, order_id)
          values (${user.id}, 'Séance annulée', 'Mon tuteur ne s''est pas présenté mardi soir.', 'reservations',
                  ${appointment}, ${order})
          returning id, app.user_role()::text as role`);
        return created.rows;
      });
      expect(row?.role).toBe("student");
      ticket = String(row?.id);
      expect(
        await failureOf(
          withUser(user, (tx) =>
            tx.execute(sql`
              insert into public.support_tickets (user_id, subject, description, category, appointment_id)
              values (${user.id}, 'Pas ma séance', 'Cette séance est celle d''un autre élève.', 'reservations',
                      ${otherAppointment})`),
          ),
        ),
      ).toBe("42501");
    });

    it("lets an admin see it, answer and take it", async () => {
      const user = await signedIn(admin);
      const seen = await withUser(user, async (tx) => {
        await tx.execute(sql`insert into public.ticket_messages (ticket_id, user_id, message)
                             values (${ticket}, ${user.id}, 'Nous avons recrédité votre séance.')`);
        await tx.execute(sql`update public.support_tickets set assigned_to = ${user.id}, status = 'in_progress'
                              where id = ${ticket}`);
        return (
          await tx.execute(sql`select t.id, t.assigned_to, t.status::text as status, t.appointment_id, t.order_id,
                                      (select count(*)::int from public.ticket_messages m where m.ticket_id = t.id) as messages
                                 from public.support_tickets t`)
        ).rows;
      });
      expect(seen).toEqual([
        {
          id: ticket,
          assigned_to: admin,
          status: "in_progress",
          appointment_id: appointment,
          order_id: order,
          messages: 1,
        },
      ]);
      // Only an admin of the platform may be assigned (the ticket guard reads platform.users).
      expect(
        await failureOf(
          withUser(user, (tx) =>
            tx.execute(sql`update public.support_tickets set assigned_to = ${tutor} where id = ${ticket}`),
          ),
        ),
      ).toBe("TK003");
    });

    it("shows the student their ticket and the answer, and another student nothing", async () => {
      const mine = await withUser(await signedIn(student), async (tx) => ({
        tickets: (await tx.execute(sql`select id from public.support_tickets`)).rows.length,
        messages: (await tx.execute(sql`select id from public.ticket_messages`)).rows.length,
      }));
      expect(mine).toEqual({ tickets: 1, messages: 1 });
      const theirs = await withUser(await signedIn(otherStudent), async (tx) => ({
        tickets: (await tx.execute(sql`select id from public.support_tickets`)).rows.length,
        messages: (await tx.execute(sql`select id from public.ticket_messages`)).rows.length,
      }));
      expect(theirs).toEqual({ tickets: 0, messages: 0 });
    });

    it("holds for PostgREST callers in both claim forms", async () => {
      const pool = new pg.Pool({ connectionString: supabase.url, max: 1 });
      try {
        const seen: Record<string, unknown> = {};
        for (const form of ["json", "legacy"] as const) {
          for (const [name, userId] of [
            ["student", student],
            ["otherStudent", otherStudent],
            ["admin", admin],
          ] as const) {
            const outcome = await runAsCaller(
              pool,
              { role: "authenticated", userId },
              form,
              "select count(*)::int as n from public.support_tickets",
            );
            seen[`${form}:${name}`] = outcome.ok ? outcome.rows[0]?.n : outcome.code;
          }
        }
        expect(seen).toEqual({
          "json:student": 1,
          "json:otherStudent": 0,
          "json:admin": 1,
          "legacy:student": 1,
          "legacy:otherStudent": 0,
          "legacy:admin": 1,
        });
      } finally {
        await pool.end();
      }
    });

    it("signs out a platform user the contract leaves out", async () => {
      const error = await withUser(await signedIn(parent), (tx) => tx.execute(sql`select 1`)).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("UNAUTHENTICATED");
    });
  });

  describe("the app's own services on the host's rows (HOST_MODE=true, migration 0042)", () => {
    let created: string;

    beforeAll(async () => {
      // The app as `npm start` would run it in host mode: Supabase sessions, the host's database.
      await closeDb();
      vi.stubEnv("DATABASE_URL", supabase.url);
      vi.stubEnv("AUTH_MODE", "supabase");
      vi.stubEnv("HOST_MODE", "true");
      vi.stubEnv("SUPABASE_URL", SUPABASE_URL);
      vi.stubEnv("SUPABASE_JWT_SECRET", JWT_SECRET);
      // Replies' emails due at once (no coalescing window): the worker's test below waits for one.
      vi.stubEnv("EMAIL_COALESCE_SECONDS", "0");
      resetEnvCache();
    });

    afterAll(async () => {
      await closeDb();
      vi.unstubAllEnvs();
      resetEnvCache();
    });

    /** The request's session user, read by the app from a Supabase access token (Authorization: Bearer). */
    async function sessionOf(sub: string): Promise<TSessionUser | null> {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({
        sub,
        aud: "authenticated",
        iss: `${SUPABASE_URL}/auth/v1`,
        role: "authenticated",
      })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(new TextEncoder().encode(JWT_SECRET));
      return readSessionUser(new Headers({ authorization: `Bearer ${token}` }));
    }

    async function signedIn(sub: string): Promise<TSessionUser> {
      const user = await sessionOf(sub);
      if (!user) throw new Error("no session user");
      return user;
    }

    async function appErrorOf(work: Promise<unknown>): Promise<string> {
      return work.then(
        () => "ok",
        (error: unknown) => (error instanceof AppError ? error.code : String(error)),
      );
    }

    it("reads who is signed in from the host's users, and no one the contract leaves out", async () => {
      expect(await sessionOf(student)).toEqual({
        id: student,
        email: "lea@exemple.test",
        firstName: "Léa",
        lastName: "Roy",
        role: "student",
        locale: "fr-CA",
      });
      expect((await sessionOf(admin))?.role).toBe("admin");
      expect(await sessionOf(parent)).toBeNull();
    });

    it("offers the student their own appointment and order in the form, nobody else's", async () => {
      const me = await signedIn(student);
      expect(await getStudentAppointmentsForTicket(me)).toEqual([
        {
          id: appointment,
          courseTitle: "Algèbre",
          tutorName: "Marc",
          startsAt: new Date("2026-11-24T19:00:00Z"),
          status: "completed",
        },
      ]);
      expect(await getStudentOrdersForTicket(me)).toEqual([
        {
          id: order,
          description: "Forfait 10 séances",
          totalCents: 44999,
          currency: "CAD",
          status: "paid",
          createdAt: new Date("2026-11-20T14:30:00Z"),
        },
      ]);
      expect((await getStudentAppointmentsForTicket(await signedIn(otherStudent))).map((a) => a.id)).toEqual([
        otherAppointment,
      ]);
      expect(await getStudentOrdersForTicket(await signedIn(otherStudent))).toEqual([]);
    });

    it("creates the student's ticket on their appointment and order, and lists it for them", async () => {
      const me = await signedIn(student);
      const ticket = await createSupportTicket(me, {
        subject: "Séance de jeudi non créditée",
        description: "Ma séance de jeudi a été annulée par le tuteur mais elle est encore décomptée.",
        category: "reservations",
        appointmentId: appointment,
        orderId: order,
      });
      created = ticket.id;
      expect(
        await appErrorOf(
          createSupportTicket(me, {
            subject: "La séance de Noah",
            description: "Cette séance est celle d'un autre élève, pas la mienne.",
            category: "reservations",
            appointmentId: otherAppointment,
          }),
        ),
      ).toBe("VALIDATION");
      const mine = await getStudentTickets(me);
      expect(mine.items.map((item) => item.id)).toContain(created);
      expect(mine.items).toHaveLength(2);
    });

    it("lets the admin list it with the host student's name, reply and change its status", async () => {
      const staff = await signedIn(admin);
      const list = await getAllSupportTickets(staff);
      expect(list.items.find((item) => item.id === created)?.student).toEqual({
        id: student,
        name: "Léa Roy",
        email: "lea@exemple.test",
      });
      await addTicketMessage(staff, { ticketId: created, message: "Votre séance est recréditée sur votre forfait." });
      await updateTicketStatus(staff, { ticketId: created, status: "resolved" });
      const details = await getAdminTicketDetails(staff, created);
      expect(details.status).toBe("resolved");
      expect(details.appointment).toMatchObject({ id: appointment, courseTitle: "Algèbre", tutorName: "Marc" });
      expect(details.order).toMatchObject({ id: order, totalCents: 44999, status: "paid" });
      expect(details.student).toMatchObject({
        id: student,
        name: "Léa Roy",
        firstName: "Léa",
        lastName: "Roy",
        email: "lea@exemple.test",
        locale: "fr-CA",
        memberSince: null,
        ticketCount: 2,
      });
      expect(details.student.recentAppointments.map((a) => a.id)).toEqual([appointment]);
      expect(details.student.recentOrders.map((o) => o.id)).toEqual([order]);
      expect((await getStudentProfile(staff, student)).email).toBe("lea@exemple.test");
      expect(await appErrorOf(getStudentProfile(staff, tutor))).toBe("NOT_FOUND");
    });

    it("shows the student the answer and the status, and another student nothing", async () => {
      const details = await getStudentTicketDetails(await signedIn(student), created);
      expect(details.status).toBe("resolved");
      expect(details.messages.map((m) => m.message)).toContain("Votre séance est recréditée sur votre forfait.");
      const other = await signedIn(otherStudent);
      expect((await getStudentTickets(other)).items).toEqual([]);
      expect(await appErrorOf(getStudentTicketDetails(other, created))).toBe("NOT_FOUND");
    });

    it("sends the ticket's emails to the host's addresses through the worker's code", async () => {
      const smtp = await startSmtpServer();
      const pool = new pg.Pool({ connectionString: supabase.url, max: 1 });
      try {
        const pending = async () =>
          (
            await rows(
              supabase.superuserUrl,
              `select distinct batch_key from public.email_notifications where ticket_id = $1 and state = 'pending'`,
              [created],
            )
          ).map((row) => String(row.batch_key));
        // The change wrote one job; the worker's code expands it into the rows (migration 0044).
        expect(await expandQueuedNotifications(pool)).toBeGreaterThan(0);
        const batches = await pending();
        expect(batches.length).toBeGreaterThan(0);
        const client = await pool.connect();
        try {
          for (const batchKey of batches) {
            await sendEmailBatch(client, batchKey, { config: testEmailConfig(smtp.url) });
          }
        } finally {
          client.release();
        }
        expect(await pending()).toEqual([]);
        const sent = await rows(
          supabase.superuserUrl,
          `select type, recipient_email, state from public.email_notifications where ticket_id = $1 order by type`,
          [created],
        );
        expect(sent).toContainEqual({ type: "support_reply", recipient_email: "lea@exemple.test", state: "sent" });
        expect(sent.every((row) => row.state === "sent")).toBe(true);
        const mails = smtp.mailsTo("lea@exemple.test");
        expect(mails.length).toBe(sent.filter((row) => row.recipient_email === "lea@exemple.test").length);
        expect(mails.map((mail) => mail.parsed.text ?? "").join("\n")).toContain(
          "Votre séance est recréditée sur votre forfait.",
        );
      } finally {
        await pool.end();
        await smtp.close();
      }
    });

    it("runs the worker on the host's database: its sweeps and backfills, and a reply's email", async () => {
      const smtp = await startSmtpServer();
      const worker = await startTestWorker({ connectionString: supabase.url, emailConfig: testEmailConfig(smtp.url) });
      try {
        // The hourly and per-minute jobs, now, next to the startup ones (sweeps, SLA and analytics backfills).
        await rows(
          supabase.superuserUrl,
          `select graphile_worker.add_job(t) from unnest(array['sla_escalate', 'auto_close_tickets', 'sweep_orphan_attachments']) t`,
        );
        const staff = await signedIn(admin);
        await updateTicketStatus(staff, {
          ticketId: created,
          status: "in_progress",
          reason: "Une dernière vérification.",
        });
        await addTicketMessage(staff, {
          ticketId: created,
          message: "Le crédit apparaît maintenant sur votre compte.",
        });
        const queue = `select task_identifier as task, last_error, run_at <= now() as due from graphile_worker.jobs
                        where run_at <= now() + interval '5 seconds' or last_error is not null order by 1`;
        const left = await waitFor(
          async () => {
            const jobs = await rows(supabase.superuserUrl, queue);
            return jobs.length === 0 || jobs.some((job) => job.last_error !== null) ? jobs : undefined;
          },
          { message: "the worker's queue to empty", timeoutMs: 30_000 },
        );
        expect(left).toEqual([]);
        const mails = await waitFor(() => {
          const found = smtp
            .mailsTo("lea@exemple.test")
            .filter((mail) => (mail.parsed.text ?? "").includes("Le crédit apparaît maintenant sur votre compte."));
          return found.length > 0 ? found : undefined;
        });
        expect(mails).toHaveLength(1);
      } finally {
        await stopTestWorker(worker);
        await smtp.close();
      }
    });

    it("lets a signed-in user read through host_compat only what our policies on the tables let them", async () => {
      const seen = async (sub: string) =>
        withUser(await signedIn(sub), async (tx) => ({
          users: (await tx.execute<{ email: string }>(sql`select email from users order by email`)).rows.map(
            (row) => row.email,
          ),
          appointments: (await tx.execute(sql`select id from appointments`)).rows.length,
          orders: (await tx.execute(sql`select id from orders`)).rows.length,
          courses: (await tx.execute(sql`select id from courses`)).rows.length,
        }));
      // Themselves and the tutor they share an appointment with (0015's users_select).
      expect(await seen(otherStudent)).toEqual({
        users: ["marc@exemple.test", "noah@exemple.test"],
        appointments: 1,
        orders: 0,
        courses: 1,
      });
      expect(await seen(student)).toEqual({
        users: ["lea@exemple.test", "marc@exemple.test"],
        appointments: 1,
        orders: 1,
        courses: 1,
      });
      expect((await seen(admin)).users).toHaveLength(4);
      expect((await seen(admin)).orders).toBe(1);
      const [catalog] = await rows(
        supabase.superuserUrl,
        `select array_agg(c.relname || ':' || array_to_string(c.reloptions, ',') order by c.relname) as views,
                bool_or(has_table_privilege('anon', c.oid, 'SELECT')) as anon_reads,
                has_schema_privilege('anon', 'host_compat', 'USAGE') as anon_usage
           from pg_class c where c.relnamespace = 'host_compat'::regnamespace`,
      );
      expect(catalog).toEqual({
        views: [
          "appointments:security_barrier=true",
          "courses:security_barrier=true",
          "orders:security_barrier=true",
          "users:security_barrier=true",
        ],
        anon_reads: false,
        anon_usage: false,
      });
    });
  });

  it("refuses standalone on the database it installed in host mode", async () => {
    expect((await migrationFailure(supabase.url, "standalone")).message).toBe(
      "this database was installed in host mode (HOST_MODE=true), not standalone: switching an installed database " +
        "between modes is not supported (set HOST_MODE=true again; docs/supabase.md, section 5)",
    );
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
    // Host mode's compatibility views (0042) are not installed standalone.
    expect(await rows(url, "select to_regnamespace('host_compat') is null as none")).toEqual([{ none: true }]);
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
       delete from drizzle.__drizzle_migrations where created_at >= 1796241000000`,
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
