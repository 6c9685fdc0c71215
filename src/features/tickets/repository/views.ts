import "server-only";
import { sql } from "drizzle-orm";
import type { TTx } from "@/server/db/with-user";

// Saved views (migration 0028). RLS shows an admin their own views and the shared ones, and
// lets them change only their own.

export type TSavedViewRow = {
  id: string;
  name: string;
  isShared: boolean;
  ownerId: string;
  params: Record<string, string>;
};

const columns = sql`id, name, is_shared as "isShared", owner_id as "ownerId", params`;

/** The viewer's views first, then the shared ones, each by name. */
export async function selectSavedViews(tx: TTx, viewerId: string): Promise<TSavedViewRow[]> {
  const result = await tx.execute<TSavedViewRow>(
    sql`select ${columns} from saved_views order by owner_id <> ${viewerId}, lower(name), id limit 50`,
  );
  return result.rows;
}

export async function findSavedView(tx: TTx, id: string): Promise<TSavedViewRow | undefined> {
  const result = await tx.execute<TSavedViewRow>(sql`select ${columns} from saved_views where id = ${id}`);
  return result.rows[0];
}

export async function insertSavedView(
  tx: TTx,
  values: { ownerId: string; name: string; isShared: boolean; params: Record<string, string> },
): Promise<string> {
  const result = await tx.execute<{ id: string }>(sql`
    insert into saved_views (owner_id, name, is_shared, params)
    values (${values.ownerId}, ${values.name}, ${values.isShared}, ${JSON.stringify(values.params)}::jsonb)
    returning id
  `);
  const id = result.rows[0]?.id;
  if (!id) throw new Error("insert into saved_views returned no row");
  return id;
}

export async function deleteSavedView(tx: TTx, id: string): Promise<boolean> {
  const result = await tx.execute(sql`delete from saved_views where id = ${id} returning id`);
  return result.rows.length > 0;
}
