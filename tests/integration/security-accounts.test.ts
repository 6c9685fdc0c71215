/**
 * Issue 12, found 3: admins deactivate an account (its sessions end at once, it cannot sign in)
 * and change roles, never leaving the platform without an active admin; both are audited in
 * the same transaction. Names have server-side length limits.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { updateAccount } from "@/features/users";
import { getAuth, resetAuth } from "@/server/auth/auth";
import { createAdmin, createStudent, sessionUserOf } from "../factories";
import { asServiceRole, asUser } from "../support/db";
import { authRequest, createStudentWithPassword, RIGHT_PASSWORD, setEnv } from "../support/security";
import { storedRows } from "../support/tickets";

let restoreEnv: () => void = () => {};
afterEach(() => {
  restoreEnv();
  resetAuth();
});

const signIn = (email: string) => authRequest("/sign-in/email", { email, password: RIGHT_PASSWORD });
const sessionsOf = async (userId: string) =>
  (await storedRows<{ n: number }>("select count(*)::int as n from sessions where user_id = $1", [userId]))[0]?.n;
const auditOf = (userId: string) =>
  storedRows<{ type: string; actor_id: string; detail: Record<string, unknown> }>(
    "select type, actor_id, detail from audit_events where target_user_id = $1 and type not like 'sign_in%' order by created_at, id",
    [userId],
  );

describe("deactivation", () => {
  it("ends the account's sessions at once and refuses its sign-in (told so once the password is right); reactivation restores it", async () => {
    const admin = await createAdmin();
    const student = await createStudentWithPassword();
    const signedIn = await signIn(student.email);
    expect(signedIn.status).toBe(200);
    const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(await sessionsOf(student.id)).toBe(1);

    expect(await updateAccount(sessionUserOf(admin), { userId: student.id, active: false })).toEqual({
      previousRole: "student",
      wasActive: true,
    });
    expect(await sessionsOf(student.id)).toBe(0);
    expect(await getAuth().api.getSession({ headers: new Headers({ cookie }) })).toBeNull();
    const refused = await signIn(student.email);
    expect(refused.status).toBe(403);
    expect(await sessionsOf(student.id)).toBe(0);

    await updateAccount(sessionUserOf(admin), { userId: student.id, active: true });
    expect((await signIn(student.email)).status).toBe(200);
    expect(await auditOf(student.id)).toEqual([
      { type: "account_deactivated", actor_id: admin.id, detail: {} },
      { type: "account_reactivated", actor_id: admin.id, detail: {} },
    ]);
  });

  it("an admin cannot deactivate their own account", async () => {
    const admin = await createAdmin();
    await expect(updateAccount(sessionUserOf(admin), { userId: admin.id, active: false })).rejects.toMatchObject({
      code: "VALIDATION",
      details: { fieldErrors: { active: "cannotDeactivateSelf" } },
    });
    expect(await auditOf(admin.id)).toEqual([]);
  });
});

describe("role changes", () => {
  it("are audited with the old and new role, and only admins make them (service and SQL)", async () => {
    const admin = await createAdmin();
    const student = await createStudent();
    await updateAccount(sessionUserOf(admin), { userId: student.id, role: "tutor" });
    expect(await auditOf(student.id)).toEqual([
      { type: "role_changed", actor_id: admin.id, detail: { from: "student", to: "tutor" } },
    ]);
    const other = await createStudent();
    await expect(updateAccount(sessionUserOf(other), { userId: other.id, role: "admin" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(
      await asUser(other.id, "select * from app.admin_update_account($1, 'admin', null)", [other.id]),
    ).toMatchObject({ ok: false, code: "42501" });
    expect((await storedRows<{ role: string }>("select role from users where id = $1", [other.id]))[0]?.role).toBe(
      "student",
    );
  });

  it("never leave the platform without an active admin", async () => {
    const admin = await createAdmin();
    // The test database holds other files' admins: set them aside for this test.
    const others = await storedRows<{ id: string }>(
      "select id from users where role = 'admin' and deactivated_at is null and id <> $1",
      [admin.id],
    );
    const ids = others.map((row) => row.id);
    await asServiceRole("update users set deactivated_at = now() where id = any($1::uuid[])", [ids], { commit: true });
    try {
      // Alone, the admin cannot demote or deactivate themselves (the self rule comes first).
      await expect(updateAccount(sessionUserOf(admin), { userId: admin.id, role: "student" })).rejects.toMatchObject({
        code: "VALIDATION",
        details: { fieldErrors: { role: "cannotChangeOwnRole" } },
      });
      // Two admins demoting each other at once: the admins' rows are locked, so one passes and
      // the other finds itself the last active admin (or no longer an admin at all).
      const second = await createAdmin();
      const outcomes = await Promise.allSettled([
        updateAccount(sessionUserOf(admin), { userId: second.id, role: "tutor" }),
        updateAccount(sessionUserOf(second), { userId: admin.id, role: "tutor" }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
      expect(["VALIDATION", "FORBIDDEN"]).toContain((refused.reason as { code: string }).code);
      const admins = await storedRows<{ id: string }>(
        "select id from users where role = 'admin' and deactivated_at is null and id = any($1::uuid[])",
        [[admin.id, second.id]],
      );
      expect(admins).toHaveLength(1);
    } finally {
      await asServiceRole("update users set deactivated_at = null where id = any($1::uuid[])", [ids], { commit: true });
    }
  });
});

describe("name lengths", () => {
  it("sign-up refuses names over the limits with a translated 400; the table refuses them too", async () => {
    restoreEnv = setEnv({ AUTH_ALLOW_SIGNUP: "true" });
    resetAuth();
    const email = `long-${randomUUID()}@exemple.test`;
    const response = await authRequest("/sign-up/email", {
      email,
      password: "un-mot-de-passe-2026",
      name: "N".repeat(10_000),
      firstName: "Nom",
      lastName: "Long",
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe(
      "Le nom est trop long (200 caractères au plus).",
    );
    expect(await storedRows("select id from users where email = $1", [email])).toEqual([]);
    const student = await createStudent();
    expect(
      await asServiceRole("update users set first_name = $2 where id = $1", [student.id, "P".repeat(101)]),
    ).toMatchObject({ ok: false, code: "23514" });
  });
});
