import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { TUserRole } from "@/lib/user-roles";
import {
  afterKey,
  keyExpression,
  keyOrderBy,
  limitLiteral,
  splitPage,
  type TKeyColumn,
  type TKeysetPage,
} from "@/server/db/keyset";
import type { TTx } from "@/server/db/with-user";
import type { TStudentOption, TUserListItem } from "./dto";

// The accounts' queries, in the caller's transaction (an admin's, under RLS: admins read every
// user and every invitation). Writes go through the app.* functions of migrations 0021/0024.

export const USER_SORT_KEY: readonly TKeyColumn[] = [
  { column: "created_at", cast: "timestamptz" },
  { column: "id", cast: "uuid" },
];

type TRow = {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  role: TUserRole;
  deactivated: boolean;
  invitation: "none" | "pending" | "expired";
  created_at: Date | string;
  sort_key: string[];
};

/** A LIKE pattern that matches `text` literally anywhere. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * One page of accounts, newest first (the users_created_at_id_idx order), optionally those whose
 * name or email contains `q` (a school has thousands of accounts, not millions: the search
 * filters the index's walk). The invitation state is read for the page's rows only.
 */
export async function selectUserPage(
  tx: TTx,
  options: { q?: string; after: string[] | null; limit: number },
): Promise<TKeysetPage<TUserListItem>> {
  const conditions: SQL[] = [];
  if (options.q) {
    const pattern = containsPattern(options.q);
    conditions.push(
      sql`(u.email ilike ${pattern} or (u.first_name || ' ' || u.last_name) ilike ${pattern} or u.name ilike ${pattern})`,
    );
  }
  if (options.after) conditions.push(afterKey(USER_SORT_KEY, "desc", "u", options.after));
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const result = await tx.execute<TRow>(sql`
    with page as (
      select u.id, u.first_name, u.last_name, u.email, u.role, u.deactivated_at is not null as deactivated,
             u.created_at, array[${keyExpression(USER_SORT_KEY, "u")}] as sort_key
        from users u
        ${where}
       order by ${keyOrderBy(USER_SORT_KEY, "desc", "u")}
       limit ${limitLiteral(options.limit + 1)}
    )
    select p.*,
           case
             when last_invitation.id is null or last_invitation.accepted_at is not null then 'none'
             when last_invitation.revoked_at is null and last_invitation.expires_at > now() then 'pending'
             else 'expired'
           end as invitation
      from page p
      left join lateral (
        select i.id, i.accepted_at, i.revoked_at, i.expires_at from public.account_invitations i
         where i.user_id = p.id order by i.created_at desc limit 1
      ) last_invitation on true
     order by ${keyOrderBy(USER_SORT_KEY, "desc", "p")}
  `);
  return splitPage(
    result.rows,
    options.limit,
    (row) => row.sort_key,
    (row) => ({
      id: row.id,
      firstName: row.first_name,
      lastName: row.last_name,
      email: row.email,
      role: row.role,
      status: row.deactivated
        ? "deactivated"
        : row.invitation === "pending"
          ? "invited"
          : row.invitation === "expired"
            ? "invitationExpired"
            : "active",
      createdAt: new Date(row.created_at).toISOString(),
    }),
  );
}

/**
 * Students whose email, "first last" or last name starts with `text` (case and accents folded),
 * at most `limit`, by name. The prefix indexes are asked through admin_search_student_ids()
 * (migration 0037: under RLS, LIKE could not use them); the rows are read here, under RLS.
 */
export async function selectStudentMatches(tx: TTx, text: string, limit: number): Promise<TStudentOption[]> {
  const result = await tx.execute<TStudentOption>(sql`
    select u.id, u.name, u.email
      from users u
     where u.id = any(public.admin_search_student_ids(${text}, ${limit}))
     order by lower(u.last_name), lower(u.first_name), u.id
  `);
  return result.rows.map((row) => ({ id: row.id, name: row.name, email: row.email }));
}

/** A student's name and email, or null when the id is no student's (or not the caller's to see). */
export async function findStudentOption(tx: TTx, studentId: string): Promise<TStudentOption | null> {
  const result = await tx.execute<TStudentOption>(
    sql`select u.id, u.name, u.email from users u where u.id = ${studentId} and u.role = 'student'`,
  );
  const row = result.rows[0];
  return row ? { id: row.id, name: row.name, email: row.email } : null;
}
