import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { TAuditDetail, TAuditEventType } from "@/lib/audit-values";
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
import type { TAuditEventItem } from "./dto";

export const AUDIT_SORT_KEY: readonly TKeyColumn[] = [
  { column: "created_at", cast: "timestamptz" },
  { column: "id", cast: "uuid" },
];

type TRow = {
  id: string;
  type: TAuditEventType;
  created_at: Date;
  ip: string | null;
  detail: TAuditDetail;
  actor_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  target_id: string | null;
  target_name: string | null;
  target_email: string | null;
  sort_key: string[];
};

const person = (id: string | null, name: string | null, email: string | null) =>
  id ? { id, name: name ?? "", email: email ?? "" } : null;

/**
 * One page of the audit log, newest first, all types or one: keyset on (created_at, id), the
 * order of the (created_at desc, id desc) and (type, created_at desc, id desc) indexes; the
 * people's names are joined for the page's rows only. RLS lets admins alone read the table.
 */
export async function selectAuditPage(
  tx: TTx,
  options: { type?: TAuditEventType; after: string[] | null; limit: number },
): Promise<TKeysetPage<TAuditEventItem>> {
  const conditions: SQL[] = [];
  if (options.type) conditions.push(sql`a.type = ${options.type}`);
  if (options.after) conditions.push(afterKey(AUDIT_SORT_KEY, "desc", "a", options.after));
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const result = await tx.execute<TRow>(sql`
    with page as (
      select a.id, a.type, a.created_at, a.ip, a.detail, a.actor_id, a.target_user_id,
             array[${keyExpression(AUDIT_SORT_KEY, "a")}] as sort_key
        from public.audit_events a
        ${where}
       order by ${keyOrderBy(AUDIT_SORT_KEY, "desc", "a")}
       limit ${limitLiteral(options.limit + 1)}
    )
    select p.id, p.type, p.created_at, p.ip, p.detail, p.sort_key,
           actor.id as actor_id, actor.name as actor_name, actor.email as actor_email,
           target.id as target_id, target.name as target_name, target.email as target_email
      from page p
      left join users actor on actor.id = p.actor_id
      left join users target on target.id = p.target_user_id
     order by ${keyOrderBy(AUDIT_SORT_KEY, "desc", "p")}
  `);
  return splitPage(
    result.rows,
    options.limit,
    (row) => row.sort_key,
    (row) => ({
      id: row.id,
      type: row.type,
      createdAt: new Date(row.created_at).toISOString(),
      actor: person(row.actor_id, row.actor_name, row.actor_email),
      target: person(row.target_id, row.target_name, row.target_email),
      ip: row.ip,
      detail: row.detail ?? {},
    }),
  );
}
