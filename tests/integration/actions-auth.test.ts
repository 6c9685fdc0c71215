/**
 * The sign-in and sign-out actions, called as the form calls them. The sign-in action is a
 * useActionState form action (it answers a state for the form, or redirects); it signs in
 * through better-auth in-process, against a real account with a password.
 */

import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { signInAction } from "@/features/auth/actions/sign-in";
import { signOutAction } from "@/features/auth/actions/sign-out";
import { createStudent } from "../factories";
import { signInAs, signOut, useLocale } from "../support/actions";
import { createStudentWithPassword, RIGHT_PASSWORD } from "../support/security";
import { storedRow, storedRows } from "../support/tickets";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

// Open sign-up is off (issue 12): the account is made as the platform makes them.
const PASSWORD = RIGHT_PASSWORD;
let email: string;

beforeAll(async () => {
  email = `connexion.${Date.now()}@exemple.test`;
  await createStudentWithPassword({ email, firstName: "Léa", lastName: "Roy" });
});

afterEach(() => {
  signOut();
  useLocale("fr-CA");
});

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.set(name, value);
  return data;
}

/** The redirect Next would answer (next/navigation throws it; Next turns it into a 303). */
async function redirectOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  const digest = String((error as { digest?: unknown } | undefined)?.digest ?? "");
  expect(digest, "expected a redirect").toMatch(/^NEXT_REDIRECT;/);
  return digest.split(";")[2] ?? "";
}

describe("signInAction", () => {
  it("signs in with the right password: a session is stored and the home page follows", async () => {
    const { id } = await storedRow<{ id: string }>("select id from users where email = $1", [email]);
    const before = (await storedRows("select id from sessions where user_id = $1", [id])).length;
    expect(await redirectOf(signInAction({}, form({ email: email.toUpperCase(), password: PASSWORD })))).toBe("/");
    expect(await storedRows("select id from sessions where user_id = $1", [id])).toHaveLength(before + 1);
  });

  it("refuses a wrong password with INVALID_CREDENTIALS, keeping what was typed", async () => {
    expect(await signInAction({}, form({ email, password: "pas-le-bon" }))).toEqual({
      error: "INVALID_CREDENTIALS",
      email,
    });
  });

  it("refuses a malformed address and an empty password with VALIDATION keys for the form", async () => {
    expect(await signInAction({}, form({ email: "pas-une-adresse", password: "" }))).toEqual({
      error: "VALIDATION",
      fieldErrors: { email: "emailInvalid", password: "passwordRequired" },
      email: "pas-une-adresse",
    });
  });
});

describe("signOutAction", () => {
  it("ends the session and sends the user to the sign-in page of their locale", async () => {
    const student = await createStudent();
    await signInAs(student);
    expect(await storedRows("select id from sessions where user_id = $1", [student.id])).toHaveLength(1);
    useLocale("en");
    expect(await redirectOf(signOutAction())).toBe("/en/connexion?deconnexion=1");
    expect(await storedRows("select id from sessions where user_id = $1", [student.id])).toHaveLength(0);
  });

  it("without a session, still sends the user to the sign-in page", async () => {
    expect(await redirectOf(signOutAction())).toBe("/connexion?deconnexion=1");
  });
});
