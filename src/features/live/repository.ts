import "server-only";
import { sql } from "drizzle-orm";
import type { TTicketPriority, TTicketStatus } from "@/lib/ticket-values";
import { withServiceRole, withUser } from "@/server/db/with-user";
import type { TLiveAdminEvent, TLiveStudentEvent } from "./live-values";

// The only SQL of the live feature.

/** What every process needs to route an event: read once per event, as service_role. */
export type TEventBase = {
  historyId: string;
  ticketId: string;
  type: string;
  messageId: string | null;
  actorId: string | null;
  ownerId: string;
  /** The SSE id: created_at in microseconds since the epoch, "_", the history id. */
  cursor: string;
};

type TBaseRow = {
  id: string;
  ticket_id: string;
  type: string;
  message_id: string | null;
  actor_id: string | null;
  owner_id: string;
  micros: string;
};

const toBase = (row: TBaseRow): TEventBase => ({
  historyId: row.id,
  ticketId: row.ticket_id,
  type: row.type,
  messageId: row.message_id,
  actorId: row.actor_id,
  ownerId: row.owner_id,
  cursor: `${row.micros}_${row.id}`,
});

const baseColumns = sql`e.id, e.ticket_id, e.type::text as type, e.message_id, e.actor_id, t.user_id as owner_id,
  (extract(epoch from e.created_at) * 1000000)::bigint::text as micros`;

export async function loadEventBase(historyId: string): Promise<TEventBase | null> {
  const rows = await withServiceRole(
    async (tx) =>
      (
        await tx.execute<TBaseRow>(
          sql`select ${baseColumns} from ticket_events e join support_tickets t on t.id = e.ticket_id where e.id = ${historyId}`,
        )
      ).rows,
  );
  return rows[0] ? toBase(rows[0]) : null;
}

const CURSOR = /^(\d{1,17})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function parseCursor(value: string | null): { micros: string; id: string } | null {
  const match = value ? CURSOR.exec(value.trim()) : null;
  return match ? { micros: match[1] as string, id: match[2] as string } : null;
}

/**
 * The events after `cursor` that a viewer might see (all for an admin, their own tickets' for
 * anyone else; what each may see of them is decided afterwards, under their RLS), oldest
 * first; "too-old" when the cursor is out of the window or more than `limit` were missed.
 */
export async function listEventsSince(
  cursor: { micros: string; id: string },
  viewer: { id: string; isAdmin: boolean },
  windowSeconds: number,
  limit: number,
): Promise<TEventBase[] | "too-old"> {
  const since = sql`('epoch'::timestamptz + ${cursor.micros}::bigint * interval '1 microsecond')`;
  return withServiceRole(async (tx) => {
    const fresh = await tx.execute<{ ok: boolean }>(
      sql`select ${since} >= now() - ${windowSeconds}::int * interval '1 second' as ok`,
    );
    if (!fresh.rows[0]?.ok) return "too-old";
    const owner = viewer.isAdmin ? sql`` : sql`and t.user_id = ${viewer.id}`;
    const rows = (
      await tx.execute<TBaseRow>(
        sql`select ${baseColumns} from ticket_events e join support_tickets t on t.id = e.ticket_id
            where (e.created_at, e.id) > (${since}, ${cursor.id}::uuid) ${owner}
            order by e.created_at, e.id limit ${limit + 1}`,
      )
    ).rows;
    return rows.length > limit ? "too-old" : rows.map(toBase);
  });
}

/** The admin-shaped view of an event, read as that admin (RLS: admins read the history). */
export async function loadAdminView(adminId: string, historyId: string): Promise<TLiveAdminEvent | null> {
  const rows = await withUser(
    adminId,
    async (tx) =>
      (
        await tx.execute<{
          type: string;
          ticket_id: string;
          number: number;
          status: TTicketStatus;
          priority: TTicketPriority;
          category: string;
          assigned_to: string | null;
          actor_id: string | null;
          actor_name: string | null;
        }>(
          sql`select e.type::text as type, t.id as ticket_id, t.number, t.status, t.priority, t.category, t.assigned_to,
              e.actor_id, trim(concat_ws(' ', u.first_name, u.last_name)) as actor_name
            from ticket_events e join support_tickets t on t.id = e.ticket_id left join users u on u.id = e.actor_id
            where e.id = ${historyId}`,
        )
      ).rows,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    audience: "admin",
    type: row.type,
    ticketId: row.ticket_id,
    number: Number(row.number),
    status: row.status,
    priority: row.priority,
    category: row.category,
    assignedTo: row.assigned_to,
    actorId: row.actor_id,
    actorName: row.actor_name ?? "",
  };
}

const STUDENT_TYPES = new Set(["created", "message_added", "status_changed"]);

/**
 * A non-admin's view of an event, read as them: a public message only if RLS lets them read
 * it (internal notes and other people's tickets are invisible to them), a status only from a
 * ticket RLS lets them read. Priority, assignment, notes and attachments-only events: nothing.
 */
export async function loadStudentView(userId: string, base: TEventBase): Promise<TLiveStudentEvent | null> {
  if (!STUDENT_TYPES.has(base.type)) return null;
  const type = base.type as TLiveStudentEvent["type"];
  return withUser(userId, async (tx) => {
    if (type === "message_added") {
      if (!base.messageId) return null;
      const message = await tx.execute(
        sql`select 1 from ticket_messages where id = ${base.messageId} and ticket_id = ${base.ticketId} and not is_internal`,
      );
      if (message.rows.length === 0) return null;
    }
    const ticket = await tx.execute<{ status: TTicketStatus }>(
      sql`select status from support_tickets where id = ${base.ticketId}`,
    );
    const status = ticket.rows[0]?.status;
    if (!status) return null;
    return { audience: "student", type, ticketId: base.ticketId, status, fromYou: base.actorId === userId };
  });
}
