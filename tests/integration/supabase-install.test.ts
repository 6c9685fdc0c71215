/**
 * Installing on Supabase (issue 20). A database is built like a Supabase project's from
 * Supabase's public initialisation SQL (tests/support/supabase), and every migration runs as
 * its stand-in for Supabase's `postgres`: no superuser, no CREATE on schema auth, Supabase's
 * own auth.uid()/role()/email()/jwt() owned by supabase_auth_admin. Then a slice of the RLS
 * matrix runs there with the claims in each form Supabase's auth.uid() reads: the JSON
 * `request.jwt.claims` PostgREST sets, and the legacy `request.jwt.claim.sub`.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, runMigrations } from "@/server/db/migrate";
import { withAnon, withUser } from "@/server/db/with-user";
import { testDatabaseUrl } from "../support/db";
import { runAsCaller, type TCaller, type TClaimForm, type TOutcome } from "../support/supabase/claims";
import { createSupabaseDatabase, type TSupabaseDatabase } from "../support/supabase/supabase-database";

const AUTH_FUNCTIONS = `
  select p.oid::regprocedure::text as name, pg_get_functiondef(p.oid) as definition,
         pg_get_userbyid(p.proowner) as owner, p.proacl::text as acl
    from pg_proc p where p.pronamespace = 'auth'::regnamespace order by 1`;

type TWorld = {
  student: string;
  otherStudent: string;
  tutor: string;
  admin: string;
  ticket: string;
  otherTicket: string;
  publicMessage: string;
  internalNote: string;
};

let supabase: TSupabaseDatabase;
let asPostgres: pg.Pool;
let authBefore: Record<string, unknown>[];
let w: TWorld;

async function superuserRows(text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: supabase.superuserUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function seed(): Promise<TWorld> {
  // As Supabase's `postgres` stand-in: it owns the tables and has BYPASSRLS, as on Supabase.
  const client = await asPostgres.connect();
  try {
    await client.query("begin");
    const user = async (role: string) => {
      const id = randomUUID();
      await client.query(
        `insert into public.users (id, name, email, first_name, last_name, role)
         values ($1, 'Léa Roy', $2, 'Léa', 'Roy', $3)`,
        [id, `${role}.${id}@exemple.test`, role],
      );
      return id;
    };
    const ticket = async (userId: string) =>
      String(
        (
          await client.query(
            `insert into public.support_tickets (user_id, subject, description, category)
             values ($1, 'Séance annulée', 'Mon tuteur ne s''est pas présenté mardi.', 'reservations') returning id`,
            [userId],
          )
        ).rows[0]?.id,
      );
    const message = async (ticketId: string, userId: string, isInternal: boolean) =>
      String(
        (
          await client.query(
            "insert into public.ticket_messages (ticket_id, user_id, message, is_internal) values ($1, $2, 'Bonjour', $3) returning id",
            [ticketId, userId, isInternal],
          )
        ).rows[0]?.id,
      );
    const student = await user("student");
    const otherStudent = await user("student");
    const tutor = await user("tutor");
    const admin = await user("admin");
    const ticketId = await ticket(student);
    const otherTicket = await ticket(otherStudent);
    const publicMessage = await message(ticketId, admin, false);
    const internalNote = await message(ticketId, admin, true);
    await client.query("commit");
    return { student, otherStudent, tutor, admin, ticket: ticketId, otherTicket, publicMessage, internalNote };
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

beforeAll(async () => {
  supabase = await createSupabaseDatabase(testDatabaseUrl());
  authBefore = await superuserRows(AUTH_FUNCTIONS);
  await runMigrations(supabase.url);
  asPostgres = new pg.Pool({ connectionString: supabase.url, max: 2, application_name: "support-tickets-tests" });
  w = await seed();
}, 180_000);

afterAll(async () => {
  await asPostgres?.end();
  await supabase?.drop();
});

function ids(outcome: TOutcome): string[] {
  if (!outcome.ok) throw new Error(`expected rows, got ${outcome.code}: ${outcome.message}`);
  return outcome.rows.map((row) => String(row.id)).sort();
}

describe("installing on a Supabase database", () => {
  it("migrates as a non-superuser with the attributes of Supabase's `postgres`", async () => {
    const { rows } = await asPostgres.query(
      `select r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls,
              has_schema_privilege('auth', 'CREATE') as can_create_in_auth,
              (select count(*)::int from drizzle.__drizzle_migrations) as applied
         from pg_roles r where r.rolname = current_user`,
    );
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
      entries: unknown[];
    };
    expect(rows[0]).toEqual({
      rolsuper: false,
      rolcreatedb: true,
      rolcreaterole: true,
      rolreplication: true,
      rolbypassrls: true,
      can_create_in_auth: false,
      applied: journal.entries.length,
    });
  });

  it("installs again on top of itself", async () => {
    await runMigrations(supabase.url);
    const { rows } = await asPostgres.query("select count(*)::int as applied from drizzle.__drizzle_migrations");
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
      entries: unknown[];
    };
    expect(rows[0]?.applied).toBe(journal.entries.length);
  });

  it("leaves Supabase's auth functions exactly as they were and adds nothing to schema auth", async () => {
    const after = await superuserRows(AUTH_FUNCTIONS);
    expect(after).toEqual(authBefore);
    expect(after.map((row) => row.name)).toEqual(["auth.email()", "auth.jwt()", "auth.role()", "auth.uid()"]);
    expect(new Set(after.map((row) => row.owner))).toEqual(new Set(["supabase_auth_admin"]));
  });

  it("keeps the app's helpers in schema app, SECURITY DEFINER with an empty search_path", async () => {
    const rows = await superuserRows(
      `select p.proname, p.prosecdef, p.proconfig from pg_proc p
        where p.pronamespace = 'app'::regnamespace order by p.proname::text collate "C"`,
    );
    // Listed by migration, compared in name order (several migrations add to it).
    const expected = [
      // Migration 0024: invitations (invite, resend, accept) and their emails.
      { proname: "accept_invitation", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "admin_invite_account", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "admin_resend_invitation", prosecdef: true, proconfig: ['search_path=""'] },
      // Migration 0021: accounts (role, deactivation) and the audit log's writes, audited.
      { proname: "admin_update_account", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "enqueue_account_email", prosecdef: true, proconfig: ['search_path=""'] },
      // Migration 0026: the analytics' triggers, backfill and rebuild (definer), and three pure
      // helpers that only build SQL text or merge arrays (invoker, nothing to elevate).
      { proname: "analytics_backfill_batch", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "analytics_merge_secs", prosecdef: false, proconfig: ['search_path=""'] },
      { proname: "analytics_messages_inserted", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "analytics_ratings_changed", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "analytics_rebuild", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "analytics_ticket_deleting", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "analytics_ticket_source", prosecdef: false, proconfig: ['search_path=""'] },
      { proname: "analytics_tickets_changed", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "analytics_upsert_sql", prosecdef: false, proconfig: ['search_path=""'] },
      { proname: "enqueue_email_notifications", prosecdef: true, proconfig: ['search_path=""'] },
      // Migration 0044: the worker's half of a ticket event's notifications.
      { proname: "expand_email_notifications", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "is_admin", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "issue_invitation", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "public_settings", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "record_audit_event", prosecdef: true, proconfig: ['search_path=""'] },
      // Migration 0025: what the SLA clock reads and writes for whoever changes a ticket.
      { proname: "sla_rules", prosecdef: true, proconfig: ['search_path=""'] },
      // Migration 0029: the bell's NOTIFY trigger and the Courriels log's "Renvoyer".
      { proname: "notify_in_app_notification", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "record_audit_event", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "resend_email_notification", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "user_role", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "wake_email_batch", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "write_ticket_sla", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "webhook_publish_settings", prosecdef: true, proconfig: ['search_path=""'] },
      // Migration 0034: the SLA figures' aggregates (two invoker helpers that only build SQL text).
      { proname: "analytics_sla_source", prosecdef: false, proconfig: ['search_path=""'] },
      { proname: "analytics_sla_upsert_sql", prosecdef: false, proconfig: ['search_path=""'] },
      // Migration 0032: every user's transaction starts by checking the account is active.
      { proname: "assert_active_user", prosecdef: true, proconfig: ['search_path=""'] },
      // Migration 0033: password reset (the request's job, the worker's half, the reset).
      { proname: "complete_password_reset", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "queue_password_reset_request", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "request_password_reset", prosecdef: true, proconfig: ['search_path=""'] },
      // Migration 0035: round-robin turns from a sequence per rule (the name is a pure helper).
      { proname: "assignment_turn_sequence", prosecdef: false, proconfig: ['search_path=""'] },
      { proname: "drop_assignment_turns", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "next_assignment_turn", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "peek_assignment_turn", prosecdef: true, proconfig: ['search_path=""'] },
      // Migration 0037: the students' type-ahead folds case and accents (a pure helper of its indexes).
      { proname: "fold_name", prosecdef: false, proconfig: ['search_path=""'] },
      // Migration 0038: and the session the request came with is still a row of the table.
      { proname: "assert_active_session", prosecdef: true, proconfig: ['search_path=""'] },
      // Migration 0040: the messages' search vector (a pure helper and the trigger that writes it
      // from the row itself: invoker, nothing to elevate) and its batched backfill.
      { proname: "message_search_backfill_batch", prosecdef: true, proconfig: ['search_path=""'] },
      { proname: "message_search_vector", prosecdef: false, proconfig: ['search_path=""'] },
      { proname: "ticket_messages_search_vector", prosecdef: false, proconfig: ['search_path=""'] },
    ];
    const byName = new Map(expected.map((row) => [row.proname, row]));
    expect(rows).toEqual(
      [...byName.values()].sort((x, y) => (x.proname < y.proname ? -1 : x.proname > y.proname ? 1 : 0)),
    );
    const callers = await superuserRows(
      `select policyname as name from pg_policies
        where concat(qual, with_check) ~ 'auth\\.(is_admin|user_role)'
       union all
       select proname from pg_proc where prosrc ~ 'auth\\.(is_admin|user_role)'`,
    );
    expect(callers).toEqual([]);
  });

  it("grants anon nothing, and neither API role anything on better-auth's tables", async () => {
    const rows = await superuserRows(
      `select grantee, table_name, privilege_type from information_schema.role_table_grants
        where table_schema = 'public' and (grantee = 'anon'
           or (grantee = 'authenticated' and (table_name in ('sessions', 'accounts', 'verifications')
               or privilege_type in ('TRUNCATE', 'REFERENCES', 'TRIGGER'))))`,
    );
    expect(rows).toEqual([]);
    const [callable] = await superuserRows(
      `select has_function_privilege('anon', 'public.wake_webhook_delivery(text, timestamptz)', 'EXECUTE') as anon_wakes,
              has_function_privilege('authenticated', 'public.wake_webhook_delivery(text, timestamptz)', 'EXECUTE') as user_wakes,
              has_function_privilege('anon', 'public.enqueue_webhook_event(text, uuid, jsonb, public.webhook_state, text)', 'EXECUTE') as anon_enqueues`,
    );
    expect(callable).toEqual({ anon_wakes: false, user_wakes: false, anon_enqueues: false });
  });
});

describe.each<{ form: TClaimForm; label: string }>([
  { form: "json", label: "the JSON request.jwt.claims, as PostgREST sets them" },
  { form: "legacy", label: "the legacy request.jwt.claim.sub" },
])("RLS on Supabase with $label", ({ form }) => {
  const as = (caller: TCaller, text: string, params: unknown[] = []) =>
    runAsCaller(asPostgres, caller, form, text, params);
  const user = (userId: string): TCaller => ({ role: "authenticated", userId });

  it("Supabase's auth.uid() sees the user, and only the claim form under test is set", async () => {
    const outcome = await as(
      user(w.student),
      `select auth.uid()::text as uid, current_user::text as role,
              nullif(current_setting('request.jwt.claim.sub', true), '') is not null as legacy_set,
              nullif(current_setting('request.jwt.claims', true), '') is not null as json_set`,
    );
    expect(outcome).toEqual({
      ok: true,
      rows: [{ uid: w.student, role: "authenticated", legacy_set: form === "legacy", json_set: form === "json" }],
    });
  });

  it("a student sees their own tickets only", async () => {
    expect(ids(await as(user(w.student), "select id from public.support_tickets"))).toEqual([w.ticket]);
  });

  it("a student sees the public reply on their ticket, not the internal note", async () => {
    expect(ids(await as(user(w.student), "select id from public.ticket_messages"))).toEqual([w.publicMessage]);
  });

  it("an admin sees every ticket and the internal note", async () => {
    expect(ids(await as(user(w.admin), "select id from public.support_tickets"))).toEqual(
      [w.ticket, w.otherTicket].sort(),
    );
    expect(ids(await as(user(w.admin), "select id from public.ticket_messages"))).toEqual(
      [w.publicMessage, w.internalNote].sort(),
    );
  });

  it("a tutor sees no ticket", async () => {
    expect(ids(await as(user(w.tutor), "select id from public.support_tickets"))).toEqual([]);
  });

  it("a student cannot open a ticket in another student's name", async () => {
    const outcome = await as(
      user(w.student),
      `insert into public.support_tickets (user_id, subject, description, category)
       values ($1, 'Séance annulée', 'Mon tuteur ne s''est pas présenté.', 'reservations')`,
      [w.otherStudent],
    );
    expect(outcome.ok ? "inserted" : outcome.code).toBe("42501");
  });

  it("anon reads nothing: no tickets, messages or users, and no better-auth session", async () => {
    const anon: TCaller = { role: "anon" };
    for (const table of ["support_tickets", "ticket_messages", "users", "sessions"]) {
      const outcome = await as(anon, `select count(*) from public.${table}`);
      expect({ table, outcome: outcome.ok ? outcome.rows : outcome.code }).toEqual({ table, outcome: "42501" });
    }
  });
});

describe("the request transaction", () => {
  it("withUser sets both claim forms to the user, in the shape PostgREST uses", async () => {
    const userId = randomUUID();
    const [row] = await withUser(userId, async (tx) => {
      const result = await tx.execute(
        `select current_setting('request.jwt.claim.sub') as sub,
                current_setting('request.jwt.claims')::jsonb as claims, auth.uid()::text as uid`,
      );
      return result.rows;
    });
    expect(row).toEqual({ sub: userId, claims: { sub: userId, role: "authenticated" }, uid: userId });
  });

  it("withAnon sets no user in either form", async () => {
    const [row] = await withAnon(async (tx) => {
      const result = await tx.execute(
        `select current_setting('request.jwt.claim.sub') as sub,
                current_setting('request.jwt.claims')::jsonb as claims, auth.uid() as uid`,
      );
      return result.rows;
    });
    expect(row).toEqual({ sub: "", claims: { role: "anon" }, uid: null });
  });
});
