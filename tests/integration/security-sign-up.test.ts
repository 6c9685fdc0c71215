/** Issue 12, found 3 (first part): open sign-up is off unless AUTH_ALLOW_SIGNUP says so. */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { resetAuth } from "@/server/auth/auth";
import { asServiceRole } from "../support/db";
import { authRequest, setEnv } from "../support/security";

const signUp = (email: string, headers: Record<string, string> = {}) =>
  authRequest(
    "/sign-up/email",
    { email, password: "un-mot-de-passe-2026", name: "Intrus Externe", firstName: "Intrus", lastName: "Externe" },
    headers,
  );

const usersWith = async (email: string) => {
  const outcome = await asServiceRole("select id from users where email = $1", [email]);
  return outcome.ok ? outcome.rows.length : -1;
};

let restoreEnv: () => void = () => {};
afterEach(() => {
  restoreEnv();
  resetAuth();
});

describe("sign-up", () => {
  it("is refused by default, with a translated message, and creates nothing", async () => {
    restoreEnv = setEnv({ AUTH_ALLOW_SIGNUP: undefined });
    resetAuth();
    const email = `intrus-${randomUUID()}@exemple.test`;
    const response = await signUp(email);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toBe(
      "La création de compte n'est pas ouverte. Votre compte vous est fourni par la plateforme.",
    );
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await usersWith(email)).toBe(0);

    const english = await signUp(`intrus-${randomUUID()}@exemple.test`, { "accept-language": "en" });
    expect(((await english.json()) as { message: string }).message).toBe(
      "Sign-up is not open. Your account is provided by the platform.",
    );
  });

  it("works when AUTH_ALLOW_SIGNUP=true", async () => {
    restoreEnv = setEnv({ AUTH_ALLOW_SIGNUP: "true" });
    resetAuth();
    const email = `nouveau-${randomUUID()}@exemple.test`;
    const response = await signUp(email);
    expect(response.status).toBe(200);
    expect(await usersWith(email)).toBe(1);
  });
});
