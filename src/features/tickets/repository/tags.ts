import "server-only";
import { sql } from "drizzle-orm";
import type { TTx } from "@/server/db/with-user";
import type { TTag, TTagUsage } from "../dto";

// Tags (migration 0028): admin-only labels. Every query runs under the caller's RLS, where
// tags and their links exist for admins only.

export async function selectTags(tx: TTx): Promise<TTag[]> {
  const result = await tx.execute<TTag>(sql`select id, name from ticket_tags order by lower(name), id`);
  return result.rows;
}

/**
 * Every tag with how many requests carry it, each count stopping at `cap` + 1 rows of the
 * (tag_id, ticket_id) index: a tag on 300 000 tickets costs what one on `cap` does.
 */
export async function selectTagsWithUsage(tx: TTx, cap: number): Promise<TTagUsage[]> {
  const result = await tx.execute<{ id: string; name: string; n: number }>(sql`
    select g.id, g.name,
           (select count(*) from (select 1 from support_ticket_tags l where l.tag_id = g.id limit ${cap + 1}) c)::int as n
      from ticket_tags g
     order by lower(g.name), g.id`);
  return result.rows.map((row) => ({
    id: row.id,
    name: row.name,
    ticketCount: Math.min(row.n, cap),
    capped: row.n > cap,
  }));
}

export async function selectTagsByIds(tx: TTx, ids: readonly string[]): Promise<TTag[]> {
  if (ids.length === 0) return [];
  const result = await tx.execute<TTag>(
    sql`select id, name from ticket_tags where id = any(${`{${ids.join(",")}}`}::uuid[]) order by lower(name), id`,
  );
  return result.rows;
}

/** The tag named `name` (whatever its case), created when there is none: tags are made on the fly. */
export async function findOrCreateTag(tx: TTx, name: string, createdBy: string): Promise<TTag> {
  const inserted = await tx.execute<TTag>(sql`
    insert into ticket_tags (name, created_by) values (${name}, ${createdBy})
    on conflict (lower(name)) do nothing
    returning id, name
  `);
  if (inserted.rows[0]) return inserted.rows[0];
  const found = await tx.execute<TTag>(sql`select id, name from ticket_tags where lower(name) = lower(${name})`);
  const tag = found.rows[0];
  if (!tag) throw new Error("tag neither inserted nor found");
  return tag;
}

export async function findTag(tx: TTx, id: string): Promise<TTag | undefined> {
  const result = await tx.execute<TTag>(sql`select id, name from ticket_tags where id = ${id}`);
  return result.rows[0];
}

/** Whether another tag already has this name (whatever its case). */
export async function tagNameTaken(tx: TTx, name: string, exceptId: string): Promise<boolean> {
  const result = await tx.execute(
    sql`select 1 from ticket_tags where lower(name) = lower(${name}) and id <> ${exceptId}`,
  );
  return result.rows.length > 0;
}

export async function updateTagName(tx: TTx, id: string, name: string): Promise<boolean> {
  const result = await tx.execute(sql`update ticket_tags set name = ${name} where id = ${id} returning id`);
  return result.rows.length > 0;
}

/**
 * Moves every ticket of `fromId` to `intoId` (a ticket that had both keeps one link) and
 * deletes `fromId`, in two set-based statements: a tag on 100 000 tickets merges in one go.
 * Returns how many tickets gained `intoId`.
 */
export async function mergeTagInto(tx: TTx, fromId: string, intoId: string): Promise<number> {
  const moved = await tx.execute(sql`
    insert into support_ticket_tags (ticket_id, tag_id)
    select l.ticket_id, ${intoId}::uuid from support_ticket_tags l where l.tag_id = ${fromId}
    on conflict do nothing
    returning ticket_id
  `);
  await tx.execute(sql`delete from ticket_tags where id = ${fromId}`);
  return moved.rows.length;
}

export async function selectTicketTags(tx: TTx, ticketId: string): Promise<TTag[]> {
  const result = await tx.execute<TTag>(sql`
    select g.id, g.name from support_ticket_tags l join ticket_tags g on g.id = l.tag_id
    where l.ticket_id = ${ticketId} order by lower(g.name), g.id
  `);
  return result.rows;
}

/** True when the link is new (a tag already on the ticket changes nothing). */
export async function insertTicketTag(tx: TTx, ticketId: string, tagId: string): Promise<boolean> {
  const result = await tx.execute(sql`
    insert into support_ticket_tags (ticket_id, tag_id) values (${ticketId}, ${tagId})
    on conflict do nothing returning ticket_id
  `);
  return result.rows.length > 0;
}

/** True when the tag was on the ticket. */
export async function deleteTicketTag(tx: TTx, ticketId: string, tagId: string): Promise<boolean> {
  const result = await tx.execute(
    sql`delete from support_ticket_tags where ticket_id = ${ticketId} and tag_id = ${tagId} returning ticket_id`,
  );
  return result.rows.length > 0;
}
