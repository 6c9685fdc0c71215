import "server-only";
import type { PoolClient } from "pg";
import type { TAccountEmailType } from "@/lib/account-email-values";
import { createInvitationToken } from "@/server/auth/invitation-token";
import { createPasswordResetToken } from "@/server/auth/password-reset-token";
import type { TEmailConfig } from "../config";
import type { TAccountEmailContent } from "../emails/account-email";
import type { TEmailLocale } from "../emails/strings";

/** The invitation page: /invitation (fr-CA) or /en/invitation, the token in its query. */
export const INVITATION_PATH = "/invitation";
/** The password reset page: /nouveau-mot-de-passe (fr-CA) or /en/nouveau-mot-de-passe. */
export const PASSWORD_RESET_PATH = "/nouveau-mot-de-passe";

type TAccountRow = {
  type: TAccountEmailType;
  recipient_id: string;
  data: { invitationId?: string; resetId?: string; expiresAt?: number; url?: string };
};

/**
 * What an account email says. An invitation's or a password reset's link is signed here, when
 * the email is written (the row holds only the row's id and expiry); a verification email carries the link
 * better-auth made (the worker drops it from the row once sent, see send-emails.ts).
 */
export async function accountEmailContent(
  client: PoolClient,
  row: TAccountRow,
  config: TEmailConfig,
  locale: TEmailLocale,
): Promise<TAccountEmailContent> {
  const names = await client.query<{ first_name: string }>("select first_name from users where id = $1", [
    row.recipient_id,
  ]);
  const firstName = names.rows[0]?.first_name ?? "";
  if (row.type === "account_invitation") {
    const { invitationId, expiresAt } = row.data;
    if (typeof invitationId !== "string" || typeof expiresAt !== "number")
      throw new Error("invitation row without its invitation");
    const token = await createInvitationToken(invitationId, expiresAt);
    const prefix = locale === "en" ? "/en" : "";
    return {
      kind: "account",
      type: row.type,
      locale,
      firstName,
      actionUrl: `${config.appUrl}${prefix}${INVITATION_PATH}?token=${encodeURIComponent(token)}`,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    };
  }
  if (row.type === "password_reset") {
    const { resetId, expiresAt } = row.data;
    if (typeof resetId !== "string" || typeof expiresAt !== "number") throw new Error("reset row without its reset");
    const token = await createPasswordResetToken(resetId, expiresAt);
    const prefix = locale === "en" ? "/en" : "";
    return {
      kind: "account",
      type: row.type,
      locale,
      firstName,
      actionUrl: `${config.appUrl}${prefix}${PASSWORD_RESET_PATH}?token=${encodeURIComponent(token)}`,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    };
  }
  if (typeof row.data.url !== "string") throw new Error("verification row without its link");
  return { kind: "account", type: row.type, locale, firstName, actionUrl: row.data.url, expiresAt: null };
}

/**
 * What the Courriels log keeps of a sent account email: the link taken out (an admin reading
 * the log must not be able to use someone's invitation or reset link). Without a relay the email
 * is kept with its link: that is how an admin hands an invitation (or a reset link) over by hand.
 */
export function withoutLink<T extends { html: string; text: string }>(rendered: T, actionUrl: string): T {
  const redacted = `${actionUrl.split("?")[0]}?…`;
  const escaped = actionUrl.replaceAll("&", "&amp;");
  return {
    ...rendered,
    html: rendered.html.replaceAll(escaped, redacted).replaceAll(actionUrl, redacted),
    text: rendered.text.replaceAll(actionUrl, redacted),
  };
}
