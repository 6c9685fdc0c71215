import "server-only";
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { TTicketPriority, TTicketStatus } from "../schema";
import * as schema from "../schema";
import { asServiceRole } from "../service-role";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type TDemoAccountKey } from "./demo-accounts";
import {
  DEMO_APPOINTMENTS,
  DEMO_COURSES,
  DEMO_ORDERS,
  DEMO_STUDENTS,
  DEMO_SUPPORT_ADMINS,
  DEMO_THREAD_LINES,
  DEMO_TICKET_TEMPLATES,
  DEMO_TICKETS_PER_STATUS,
  type TDemoTicketLink,
  type TDemoTicketTemplate,
} from "./demo-data";

type TUserRow = typeof schema.users.$inferInsert & { id: string };
type TAccountRow = typeof schema.accounts.$inferInsert;
type TCourseRow = typeof schema.courses.$inferInsert & { id: string };
type TAppointmentRow = typeof schema.appointments.$inferInsert & { id: string; startsAt: Date };
type TOrderRow = typeof schema.orders.$inferInsert & { id: string; createdAt: Date };
type TTicketRow = typeof schema.supportTickets.$inferInsert & { id: string; createdAt: Date };
type TMessageRow = typeof schema.ticketMessages.$inferInsert & { id: string; createdAt: Date };
type TEventRow = typeof schema.ticketEvents.$inferInsert;
type TReadRow = typeof schema.ticketReads.$inferInsert;

export type TDemoDataset = {
  users: TUserRow[];
  accounts: TAccountRow[];
  courses: TCourseRow[];
  appointments: TAppointmentRow[];
  orders: TOrderRow[];
  tickets: TTicketRow[];
  messages: TMessageRow[];
  events: TEventRow[];
  reads: TReadRow[];
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;
/** Québec's time zone: sessions are booked in local time, so "18 h 30" stays 18 h 30 across DST. */
const TIME_ZONE = "America/Toronto";
const STATUSES: readonly TTicketStatus[] = schema.TICKET_STATUSES;
const PRIORITIES: readonly TTicketPriority[] = schema.TICKET_PRIORITIES;
/** TPS 5 % + TVQ 9,975 %. */
const QUEBEC_SALES_TAX = 0.14975;

/**
 * Inserts the demo data set (accounts, courses, sessions, orders and ~50 support tickets
 * with their conversations, history and read markers) into an empty database.
 * Does nothing if any user exists, so it is safe to call on every start.
 */
export async function seedDemoData(
  connectionString: string,
  options: { log?: (line: string) => void } = {},
): Promise<{ seeded: boolean }> {
  const log = options.log ?? (() => {});
  const client = new pg.Client({ connectionString, application_name: "support-tickets-seed" });
  await client.connect();
  try {
    const tx = drizzle(client, { schema });
    // Tables force RLS; service_role bypasses it, for this one transaction.
    const dataset = await asServiceRole(client, async () => {
      // Two processes starting at once (app and `npm run db:seed`) must not both seed.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('support-tickets:seed'))`);
      const existing = await tx.select({ id: schema.users.id }).from(schema.users).limit(1);
      if (existing.length > 0) return null;

      // The database's clock, in case the app's and the database's disagree.
      const clock = await tx.execute<{ ms: string }>(
        sql`select (extract(epoch from now()) * 1000)::bigint::text as ms`,
      );
      const now = new Date(Number(clock.rows[0]?.ms ?? Date.now()));
      const data = buildDemoDataset(now, await hashPassword(DEMO_PASSWORD));

      await tx.insert(schema.users).values(data.users);
      await tx.insert(schema.accounts).values(data.accounts);
      await tx.insert(schema.courses).values(data.courses);
      await tx.insert(schema.appointments).values(data.appointments);
      await tx.insert(schema.orders).values(data.orders);
      // Oldest first, so the #numbers handed out by the identity column follow creation order.
      await tx.insert(schema.supportTickets).values(data.tickets);
      await tx.insert(schema.ticketMessages).values(data.messages);
      await tx.insert(schema.ticketEvents).values(data.events);
      await tx.insert(schema.ticketReads).values(data.reads);
      return data;
    });

    if (!dataset) {
      log("demo seed skipped: the database already has users");
      return { seeded: false };
    }
    const perStatus = STATUSES.map((s) => `${s} ${dataset.tickets.filter((t) => t.status === s).length}`).join(", ");
    log(
      `demo seed: ${dataset.users.length} users, ${dataset.courses.length} courses, ` +
        `${dataset.appointments.length} appointments, ${dataset.orders.length} orders, ` +
        `${dataset.tickets.length} tickets (${perStatus}), ${dataset.messages.length} messages, ` +
        `${dataset.events.length} events, ${dataset.reads.length} read markers`,
    );
    return { seeded: true };
  } finally {
    await client.end();
  }
}

/**
 * Builds every row in memory, with dates relative to `now`. Everything else is
 * deterministic (a seeded PRNG and index arithmetic), so demo screenshots are stable.
 */
export function buildDemoDataset(now: Date, passwordHash: string): TDemoDataset {
  const nowMs = now.getTime();
  const random = mulberry32(20_260_115);

  const users: TUserRow[] = DEMO_ACCOUNTS.map((account, index) => {
    const joinedDaysAgo = { admin: 420, tutor: 300, student: 95 }[account.role] - index * 3;
    const joinedAt = new Date(nowMs - joinedDaysAgo * DAY);
    return {
      id: randomUUID(),
      name: `${account.firstName} ${account.lastName}`,
      email: account.email,
      emailVerified: true,
      firstName: account.firstName,
      lastName: account.lastName,
      role: account.role,
      locale: "fr-CA",
      createdAt: joinedAt,
      updatedAt: joinedAt,
    };
  });
  const userByKey = new Map(DEMO_ACCOUNTS.map((account, index) => [account.key, users[index] as TUserRow]));
  const user = (key: TDemoAccountKey): TUserRow => {
    const found = userByKey.get(key);
    if (!found) throw new Error(`demo data refers to an unknown account "${key}"`);
    return found;
  };

  const accounts: TAccountRow[] = users.map((u) => ({
    userId: u.id,
    // better-auth finds the email+password account by provider "credential" and accountId = user id.
    accountId: u.id,
    providerId: "credential",
    password: passwordHash,
    createdAt: u.createdAt,
    updatedAt: u.createdAt,
  }));

  const courses: TCourseRow[] = DEMO_COURSES.map((course) => ({
    id: randomUUID(),
    ...course,
    createdAt: new Date(nowMs - 500 * DAY),
  }));
  const courseIdByCode = new Map(courses.map((c) => [c.code, c.id]));

  const appointments: TAppointmentRow[] = DEMO_APPOINTMENTS.map((plan) => {
    const startsAt = quebecTime(now, plan.day, plan.time);
    const courseId = courseIdByCode.get(plan.course);
    if (!courseId) throw new Error(`demo appointment refers to an unknown course "${plan.course}"`);
    return {
      id: randomUUID(),
      studentId: user(plan.student).id,
      tutorId: user(plan.tutor).id,
      courseId,
      startsAt,
      durationMinutes: plan.durationMinutes,
      status: plan.status,
      createdAt: new Date(Math.min(startsAt.getTime() - 9 * DAY, nowMs - 2 * HOUR)),
    };
  });
  const appointmentCourse = new Map(DEMO_APPOINTMENTS.map((plan, index) => [appointments[index]?.id, plan.course]));

  const orders: TOrderRow[] = DEMO_ORDERS.map((plan) => ({
    id: randomUUID(),
    userId: user(plan.student).id,
    description: plan.description,
    totalCents: Math.round(plan.subtotalCents * (1 + QUEBEC_SALES_TAX)),
    currency: "CAD",
    status: plan.status,
    createdAt: new Date(nowMs - plan.daysAgo * DAY - 3 * HOUR),
  }));

  const tickets: TTicketRow[] = [];
  const messages: TMessageRow[] = [];
  const events: TEventRow[] = [];
  const reads: TReadRow[] = [];

  const templateCount = DEMO_TICKET_TEMPLATES.length;
  const indexInStatus = new Map<TTicketStatus, number>();
  let reopenShown = false;

  for (let i = 0; i < STATUSES.length * DEMO_TICKETS_PER_STATUS; i++) {
    // Each template is used two or three times, each time in another status and by another student.
    const template = DEMO_TICKET_TEMPLATES[i % templateCount] as TDemoTicketTemplate;
    const use = Math.floor(i / templateCount);
    const statusIndex = (i + use) % STATUSES.length;
    const status = STATUSES[statusIndex] as TTicketStatus;
    const k = indexInStatus.get(status) ?? 0;
    indexInStatus.set(status, k + 1);
    const student = user(DEMO_STUDENTS[i % DEMO_STUDENTS.length] as TDemoAccountKey);
    const admin = user(DEMO_SUPPORT_ADMINS[(k + statusIndex) % DEMO_SUPPORT_ADMINS.length] as TDemoAccountKey);
    const otherAdmin = user(DEMO_SUPPORT_ADMINS[(k + statusIndex + 1) % DEMO_SUPPORT_ADMINS.length] as TDemoAccountKey);

    // Open tickets are recent; closed ones span the last two months.
    const ageDays = {
      open: 0.08 + k * 0.7 + random() * 0.5,
      in_progress: 0.6 + k * 1.45 + random(),
      resolved: 3 + k * 2.5 + random() * 1.5,
      closed: 9 + k * 3.7 + random() * 2,
    }[status];
    const createdAt = atWakingHour(new Date(nowMs - ageDays * DAY));

    const assigned = {
      open: k % 4 === 3,
      in_progress: k % 6 !== 5,
      resolved: k % 5 !== 4,
      closed: k % 5 !== 4,
    }[status];
    const triaged = status !== "open" || assigned || template.priority === "urgent" || template.priority === "high";
    const priority = triaged ? varyPriority(template.priority, i) : "medium";
    // Most tickets are taken by the admin who answers; some are handed out by the other one.
    const dispatcher = k % 4 === 0 ? otherAdmin : admin;

    const text = (line: string) =>
      line.replaceAll("{student}", student.firstName).replaceAll("{admin}", admin.firstName);
    const steps: TStep[] = [];
    const say = (gapHours: number, author: TUserRow, line: string, internal = false) =>
      steps.push({ gapHours, kind: "message", author, text: text(line), internal });
    const move = (gapHours: number, actor: TUserRow, from: TTicketStatus, to: TTicketStatus, reason?: string) =>
      steps.push({ gapHours, kind: "status", actor, from, to, reason: reason ?? null });

    if (priority !== "medium") steps.push({ gapHours: 1.5, kind: "priority", actor: dispatcher, to: priority });
    if (assigned) steps.push({ gapHours: 0.2, kind: "assigned", actor: dispatcher, to: admin });

    if (status === "open") {
      if (assigned) say(0.3, admin, DEMO_THREAD_LINES.triageNote, true);
      if (template.followUp && k % 2 === 0) say(14, student, template.followUp);
    } else {
      move(2, admin, "open", "in_progress");
      say(0.02, admin, template.acknowledgement);
      if (template.internalNote) say(0.8, admin, template.internalNote, true);
      const studentAnswers = template.studentReply && (status !== "in_progress" || k % 3 !== 0);
      if (template.studentReply && studentAnswers) say(9, student, template.studentReply);

      if (status === "in_progress" && template.canReopen && !reopenShown) {
        reopenShown = true;
        say(20, admin, template.resolution);
        move(0.02, admin, "in_progress", "resolved", template.resolutionReason);
        say(30, student, DEMO_THREAD_LINES.reopen);
        move(0.02, student, "resolved", "open");
        move(2, admin, "open", "in_progress");
        say(0.02, admin, DEMO_THREAD_LINES.reopenAcknowledgement);
      } else if (status === "closed" && k % 6 === 1) {
        say(20, student, DEMO_THREAD_LINES.studentCloses);
        move(0.02, student, "in_progress", "closed");
      } else if (status === "resolved" || status === "closed") {
        say(20, admin, template.resolution);
        move(0.02, admin, "in_progress", "resolved", template.resolutionReason);
        const studentThanks = template.thanks && (status === "closed" ? k % 3 !== 0 : k % 4 === 1);
        if (template.thanks && studentThanks) say(5, student, template.thanks);
        if (status === "closed") {
          if (studentThanks) move(0.02, student, "resolved", "closed");
          else move(168, admin, "resolved", "closed", DEMO_THREAD_LINES.autoCloseReason);
        }
      }
    }

    const ticketId = randomUUID();
    const times = placeSteps(steps, createdAt.getTime(), nowMs);
    events.push({ ticketId, actorId: student.id, type: "created", createdAt });
    let resolvedAt: Date | null = null;
    let finalStatus: TTicketStatus = "open";
    const ticketMessages: TMessageRow[] = [];
    for (const [index, step] of steps.entries()) {
      const at = new Date(times[index] ?? createdAt.getTime());
      switch (step.kind) {
        case "message": {
          const message: TMessageRow = {
            id: randomUUID(),
            ticketId,
            userId: step.author.id,
            message: step.text,
            isInternal: step.internal,
            createdAt: at,
          };
          ticketMessages.push(message);
          events.push({
            ticketId,
            actorId: step.author.id,
            type: step.internal ? "internal_note_added" : "message_added",
            messageId: message.id,
            createdAt: at,
          });
          break;
        }
        case "status":
          events.push({
            ticketId,
            actorId: step.actor.id,
            type: "status_changed",
            fromValue: step.from,
            toValue: step.to,
            reason: step.reason,
            createdAt: at,
          });
          finalStatus = step.to;
          // Same rule as the support_tickets_guard trigger.
          if (step.to === "resolved") resolvedAt = at;
          else if (step.to !== "closed") resolvedAt = null;
          break;
        case "priority":
          events.push({
            ticketId,
            actorId: step.actor.id,
            type: "priority_changed",
            fromValue: "medium",
            toValue: step.to,
            createdAt: at,
          });
          break;
        case "assigned":
          events.push({ ticketId, actorId: step.actor.id, type: "assigned", toValue: step.to.id, createdAt: at });
          break;
      }
    }
    if (finalStatus !== status) throw new Error(`demo ticket ${i} ends in ${finalStatus}, expected ${status}`);
    messages.push(...ticketMessages);
    const updatedAt = new Date(times.at(-1) ?? createdAt.getTime());

    const link = pickLink(template.link, { student, status, createdAt, appointments, orders, appointmentCourse });
    tickets.push({
      id: ticketId,
      userId: student.id,
      subject: template.subjects[use % template.subjects.length] ?? template.subjects[0],
      description: template.description,
      category: template.category,
      priority,
      status,
      assignedTo: assigned ? admin.id : null,
      appointmentId: link.appointmentId,
      orderId: link.orderId,
      createdAt,
      updatedAt,
      resolvedAt,
    });

    // Read markers. The student has read everything, except on some tickets whose last public
    // message is an admin reply (those show as unread). The assignee, likewise, except on some
    // tickets whose last public message is the student's.
    const publicMessages = ticketMessages.filter((m) => !m.isInternal);
    const lastPublic = publicMessages.at(-1);
    const beforeLast = publicMessages.at(-2)?.createdAt ?? createdAt;
    const lastIsFromStudent = lastPublic?.userId === student.id;
    const studentUnread = lastPublic !== undefined && !lastIsFromStudent && Math.floor(i / 3) % 3 !== 0;
    reads.push({ ticketId, userId: student.id, lastReadAt: studentUnread ? beforeLast : updatedAt });
    if (assigned) {
      const adminUnread = lastPublic !== undefined && lastIsFromStudent && Math.floor(i / 2) % 2 === 0;
      reads.push({ ticketId, userId: admin.id, lastReadAt: adminUnread ? beforeLast : updatedAt });
    }
  }

  tickets.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return { users, accounts, courses, appointments, orders, tickets, messages, events, reads };
}

type TStep = { gapHours: number } & (
  | { kind: "message"; author: TUserRow; text: string; internal: boolean }
  | { kind: "status"; actor: TUserRow; from: TTicketStatus; to: TTicketStatus; reason: string | null }
  | { kind: "priority"; actor: TUserRow; to: TTicketPriority }
  | { kind: "assigned"; actor: TUserRow; to: TUserRow }
);

/**
 * Times of each step after the ticket's creation. Gaps are realistic hours, squeezed
 * proportionally when the ticket is too young for them, so nothing lands in the future;
 * each step stays at least a second after the previous one.
 */
function placeSteps(steps: readonly TStep[], createdMs: number, nowMs: number): number[] {
  const totalHours = steps.reduce((sum, step) => sum + step.gapHours, 0);
  const availableHours = ((nowMs - createdMs) / HOUR) * 0.92;
  const scale = totalHours > availableHours ? availableHours / totalHours : 1;
  const times: number[] = [];
  let at = createdMs;
  for (const step of steps) {
    at = Math.max(at + 1000, Math.round(at + step.gapHours * scale * HOUR));
    times.push(at);
  }
  return times;
}

function pickLink(
  link: TDemoTicketLink | undefined,
  context: {
    student: TUserRow;
    status: TTicketStatus;
    createdAt: Date;
    appointments: readonly TAppointmentRow[];
    orders: readonly TOrderRow[];
    appointmentCourse: ReadonlyMap<string | undefined, string>;
  },
): { appointmentId: string | null; orderId: string | null } {
  const none = { appointmentId: null, orderId: null };
  if (!link) return none;
  const created = context.createdAt.getTime();
  if (link.kind === "order") {
    // A resolved payment problem no longer has a pending order.
    const stillPendingAllowed = context.status === "open" || context.status === "in_progress";
    const candidates = context.orders.filter(
      (o) =>
        o.userId === context.student.id &&
        link.statuses.includes(o.status ?? "pending") &&
        (o.status !== "pending" || stillPendingAllowed) &&
        o.createdAt.getTime() < created,
    );
    const latest = candidates.at(-1);
    return latest ? { appointmentId: null, orderId: latest.id } : none;
  }
  const candidates = context.appointments.filter((a) => {
    if (a.studentId !== context.student.id || !link.statuses.includes(a.status ?? "scheduled")) return false;
    const course = context.appointmentCourse.get(a.id);
    if (link.courses && !link.courses.some((c) => c === course)) return false;
    const starts = a.startsAt.getTime();
    return link.timing === "before"
      ? starts + (a.durationMinutes ?? 60) * MINUTE < created
      : starts > created && starts - created < 21 * DAY;
  });
  const chosen = link.timing === "before" ? candidates.at(-1) : candidates[0];
  return chosen ? { appointmentId: chosen.id, orderId: null } : none;
}

/** Mostly the template's priority; some tickets one level above or below it. */
function varyPriority(base: TTicketPriority, index: number): TTicketPriority {
  const level = PRIORITIES.indexOf(base);
  const shift = index % 7 === 3 ? 1 : index % 7 === 5 ? -1 : 0;
  return PRIORITIES[Math.min(PRIORITIES.length - 1, Math.max(0, level + shift))] ?? base;
}

/** Tiny seeded PRNG (mulberry32): same sequence on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The instant that is `hh:mm` in Québec on the calendar day `dayOffset` days from `now`. */
function quebecTime(now: Date, dayOffset: number, hhmm: string): Date {
  const day = new Intl.DateTimeFormat("en-CA", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(now.getTime() + dayOffset * DAY));
  const [year, month, date] = day.split("-").map(Number);
  const [hours, minutes] = hhmm.split(":").map(Number);
  const wallClock = Date.UTC(year ?? 1970, (month ?? 1) - 1, date ?? 1, hours ?? 0, minutes ?? 0);
  // Two passes: the offset at the guessed instant, then at the corrected one (DST edges).
  let instant = wallClock - zoneOffsetMinutes(new Date(wallClock)) * MINUTE;
  instant = wallClock - zoneOffsetMinutes(new Date(instant)) * MINUTE;
  return new Date(instant);
}

/** Moves a night-time instant (23 h – 7 h in Québec) back to the previous evening: students write while awake. */
function atWakingHour(at: Date): Date {
  const hour = Number(
    new Intl.DateTimeFormat("en-US", { timeZone: TIME_ZONE, hour: "numeric", hourCycle: "h23" }).format(at),
  );
  if (hour >= 7 && hour < 23) return at;
  // Land somewhere between 16 h and 22 h the evening before, spread by the minute.
  const hoursBack = (hour >= 23 ? hour - 24 : hour) + 2 + (at.getUTCMinutes() % 7);
  return new Date(at.getTime() - hoursBack * HOUR);
}

function zoneOffsetMinutes(at: Date): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: TIME_ZONE, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((part) => part.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}
