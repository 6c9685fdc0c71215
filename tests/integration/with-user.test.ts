import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getPool } from "@/server/db/client";
import { withAnon, withServiceRole, withUser } from "@/server/db/with-user";
import { createAdmin, createStudent, createTicket, type TUserRow } from "../factories";
import { asServiceRole, rowsOf, sqlState, testPool } from "../support/db";

type TIdentityRow = { current_user: string; uid: string | null; pid: number };

const WHO_AM_I = "select current_user, auth.uid()::text as uid, pg_backend_pid() as pid";

let student: TUserRow;
let otherStudent: TUserRow;
let admin: TUserRow;
let loginRole: string;

beforeAll(async () => {
  // One pooled connection: every transaction below reuses the connection the previous one released,
  // so "nothing leaks between requests" is checked on the very same backend.
  vi.stubEnv("DB_POOL_MAX", "1");
  [student, otherStudent, admin] = await Promise.all([createStudent(), createStudent(), createAdmin()]);
  await createTicket({ userId: student.id });
  await createTicket({ userId: otherStudent.id });
  const { rows } = await getPool().query<{ current_user: string }>("select current_user");
  loginRole = rows[0]?.current_user ?? "";
  expect(loginRole).not.toBe("");
  expect(loginRole).not.toBe("authenticated");
});

async function whoIsOnThePool(): Promise<TIdentityRow> {
  const { rows } = await getPool().query<TIdentityRow>(WHO_AM_I);
  const [row] = rows;
  if (!row) throw new Error("no row");
  return row;
}

describe("withUser", () => {
  it("runs as the authenticated role with auth.uid() set to the user", async () => {
    const inside = await withUser(
      student.id,
      async (tx) => (await tx.execute<TIdentityRow>(sql.raw(WHO_AM_I))).rows[0],
    );
    expect(inside).toMatchObject({ current_user: "authenticated", uid: student.id });
  });

  it("applies row-level security: a student's transaction sees only their own tickets", async () => {
    const owners = await withUser(student.id, async (tx) => {
      const result = await tx.execute<{ user_id: string }>(sql`select user_id from public.support_tickets`);
      return result.rows.map((row) => row.user_id);
    });
    expect(owners.length).toBeGreaterThan(0);
    expect(new Set(owners)).toEqual(new Set([student.id]));
  });

  it("leaves no role or claim on the pooled connection after commit", async () => {
    const inside = await withUser(
      student.id,
      async (tx) => (await tx.execute<TIdentityRow>(sql.raw(WHO_AM_I))).rows[0],
    );
    const after = await whoIsOnThePool();
    expect(after.pid).toBe(inside?.pid);
    expect(after).toMatchObject({ current_user: loginRole, uid: null });
  });

  it("does not carry one user's claim into the next user's transaction", async () => {
    const first = await withUser(student.id, async (tx) => (await tx.execute<TIdentityRow>(sql.raw(WHO_AM_I))).rows[0]);
    const second = await withUser(
      otherStudent.id,
      async (tx) => (await tx.execute<TIdentityRow>(sql.raw(WHO_AM_I))).rows[0],
    );
    expect(second?.pid).toBe(first?.pid);
    expect(second?.uid).toBe(otherStudent.id);
  });

  it("rolls back everything when the work throws, and cleans the connection", async () => {
    const slug = `rollback-${Date.now()}`;
    await expect(
      withUser(admin.id, async (tx) => {
        await tx.execute(
          sql`insert into public.ticket_categories (slug, label_fr, label_en) values (${slug}, 'Essai', 'Test')`,
        );
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");

    const found = rowsOf(await asServiceRole("select slug from public.ticket_categories where slug = $1", [slug]));
    expect(found).toHaveLength(0);
    expect(await whoIsOnThePool()).toMatchObject({ current_user: loginRole, uid: null });
  });

  it("commits the work when it succeeds (the rollback above is not a fluke)", async () => {
    const slug = `commit-${Date.now()}`;
    await withUser(admin.id, (tx) =>
      tx.execute(
        sql`insert into public.ticket_categories (slug, label_fr, label_en) values (${slug}, 'Essai', 'Test')`,
      ),
    );
    const found = rowsOf(await asServiceRole("select slug from public.ticket_categories where slug = $1", [slug]));
    expect(found).toHaveLength(1);
    await asServiceRole("delete from public.ticket_categories where slug = $1", [slug], { commit: true });
  });

  it("surfaces a policy violation as SQLSTATE 42501 and leaves the connection clean", async () => {
    const error = await withUser(student.id, (tx) =>
      tx.execute(
        sql`insert into public.ticket_categories (slug, label_fr, label_en) values ('pirate', 'Pirate', 'Pirate')`,
      ),
    ).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(sqlState(error)).toBe("42501");
    expect(await whoIsOnThePool()).toMatchObject({ current_user: loginRole, uid: null });
  });
});

describe("withAnon", () => {
  it("runs as anon without a user, which may not read tickets", async () => {
    const inside = await withAnon(async (tx) => (await tx.execute<TIdentityRow>(sql.raw(WHO_AM_I))).rows[0]);
    expect(inside).toMatchObject({ current_user: "anon", uid: null });

    const error = await withAnon((tx) => tx.execute(sql`select id from public.support_tickets`)).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(sqlState(error)).toBe("42501");
    expect(await whoIsOnThePool()).toMatchObject({ current_user: loginRole, uid: null });
  });
});

describe("withUser: the claim written into BEGIN's message", () => {
  it.each([
    ["an injection attempt", "x', true), set_config('role', 'service_role', true), set_config('a.b', 'x"],
    ["an empty id", ""],
    ["a UUID with trailing text", `${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}; drop table x`],
  ])("refuses %s before any SQL runs", async (_label, userId) => {
    const work = vi.fn(async () => "ran");
    await expect(withUser(userId, work)).rejects.toThrow("not a UUID");
    expect(work).not.toHaveBeenCalled();
    expect(await whoIsOnThePool()).toMatchObject({ current_user: loginRole, uid: null });
  });

  it("discards a connection that died mid-transaction: the next request gets a working one", async () => {
    const before = await whoIsOnThePool();
    const error = await withUser(student.id, async (tx) => {
      await tx.execute(sql`select 1`);
      // The backend goes away (a server restart, a network cut): the query fails, so does ROLLBACK.
      await testPool().query("select pg_terminate_backend($1)", [before.pid]);
      return tx.execute(sql`select 1`);
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    const inside = await withUser(
      student.id,
      async (tx) => (await tx.execute<TIdentityRow>(sql.raw(WHO_AM_I))).rows[0],
    );
    expect(inside).toMatchObject({ current_user: "authenticated", uid: student.id });
    expect(inside?.pid).not.toBe(before.pid);
  });
});

describe("withServiceRole", () => {
  it("runs as service_role, which bypasses row-level security, then resets", async () => {
    const result = await withServiceRole(async (tx) => {
      const who = (await tx.execute<TIdentityRow>(sql.raw(WHO_AM_I))).rows[0];
      const owners = await tx.execute<{ user_id: string }>(
        sql`select user_id from public.support_tickets where user_id in (${student.id}, ${otherStudent.id})`,
      );
      return { who, owners: owners.rows.map((row) => row.user_id) };
    });
    expect(result.who).toMatchObject({ current_user: "service_role", uid: null });
    expect(new Set(result.owners)).toEqual(new Set([student.id, otherStudent.id]));
    expect(await whoIsOnThePool()).toMatchObject({ current_user: loginRole, uid: null });
  });
});
