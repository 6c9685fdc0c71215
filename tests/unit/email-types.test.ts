/**
 * The email type checks must stay the union of every type the app writes: three migrations
 * once rebuilt them side by side from their own lists, and the last one run refused the others'
 * types. The newest migration that rebuilds each check must list exactly the types in src/lib.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACCOUNT_EMAIL_TYPES } from "@/lib/account-email-values";
import { NOTIFICATION_TYPES, SYSTEM_EMAIL_TYPES } from "@/lib/notification-values";

const drizzleDir = path.join(process.cwd(), "drizzle");
const migrations = readdirSync(drizzleDir)
  .filter((name) => /^\d{4}_.*\.sql$/.test(name))
  .sort();

/** The types listed by the newest migration that adds `constraint`. */
function latestCheck(constraint: string): { file: string; types: string[] } {
  for (const file of [...migrations].reverse()) {
    const text = readFileSync(path.join(drizzleDir, file), "utf8");
    const at = text.lastIndexOf(`ADD CONSTRAINT ${constraint} CHECK (type IN (`);
    if (at < 0) continue;
    const list = text.slice(at, text.indexOf("))", at));
    return { file, types: [...list.matchAll(/'([a-z_]+)'/g)].map((match) => match[1] ?? "") };
  }
  throw new Error(`no migration adds ${constraint}`);
}

/** The type list of the newest app.enqueue_account_email. */
function latestAccountEmailFunction(): string[] {
  for (const file of [...migrations].reverse()) {
    const text = readFileSync(path.join(drizzleDir, file), "utf8");
    const at = text.lastIndexOf("FUNCTION app.enqueue_account_email(p_type text");
    if (at < 0) continue;
    const guard = /IF p_type NOT IN \(([^)]*)\)/.exec(text.slice(at));
    return [...(guard?.[1] ?? "").matchAll(/'([a-z_]+)'/g)].map((match) => match[1] ?? "");
  }
  throw new Error("no migration creates app.enqueue_account_email");
}

describe("email type checks", () => {
  it("email_notifications accepts every notification, system and account email type, and only those", () => {
    const { types } = latestCheck("email_notifications_type_check");
    expect([...types].sort()).toEqual([...NOTIFICATION_TYPES, ...SYSTEM_EMAIL_TYPES, ...ACCOUNT_EMAIL_TYPES].sort());
  });

  it("preferences and in-app notifications accept the notification types", () => {
    expect([...latestCheck("notification_preferences_type_check").types].sort()).toEqual(
      [...NOTIFICATION_TYPES].sort(),
    );
    expect([...latestCheck("in_app_notifications_type_check").types].sort()).toEqual([...NOTIFICATION_TYPES].sort());
  });

  it("app.enqueue_account_email writes every account email type", () => {
    expect(latestAccountEmailFunction().sort()).toEqual([...ACCOUNT_EMAIL_TYPES].sort());
  });
});
