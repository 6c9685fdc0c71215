/**
 * Queue tools (issue 15): tags, bulk actions, saved views and merge, through the real
 * services and actions, for allowed and forbidden roles. Outcomes are read back as
 * service_role (rows, history, outbox) and through the DTOs each role receives.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  addTicketTagAction,
  applyBulkActionAction,
  assignFromListAction,
  deleteViewAction,
  mergeTicketAction,
  replyFromListAction,
  saveViewAction,
} from "@/features/tickets/actions/queue-actions";
import type { TTagUsage } from "@/features/tickets/dto";
import { selectTagsWithUsage } from "@/features/tickets/repository";
import { addTicketTag } from "@/features/tickets/service/add-ticket-tag";
import { applyBulkAction } from "@/features/tickets/service/apply-bulk-action";
import { getAllSupportTickets } from "@/features/tickets/service/get-all-support-tickets";
import { getAdminTicketDetails, getStudentTicketDetails } from "@/features/tickets/service/get-ticket-details";
import { listTags, listTagsWithUsage, mergeTags, renameTag } from "@/features/tickets/service/manage-tags";
import { mergeTicket } from "@/features/tickets/service/merge-ticket";
import { removeTicketTag } from "@/features/tickets/service/remove-ticket-tag";
import {
  deleteView,
  getSavedView,
  listSavedViews,
  listSavedViewsWithCounts,
  saveView,
  VIEW_COUNT_CAP,
} from "@/features/tickets/service/saved-views";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import {
  createAdmin,
  createAttachment,
  createMessage,
  createStudent,
  createTicket,
  sessionUserOf,
  type TUserRow,
} from "../factories";
import { createTicketCategory } from "../factories/categories";
import { actionErrorOf, dataOf, expectRefusedInput, expectServerError, signInAs, signOut } from "../support/actions";
import { expectAppError, storedEvents, storedTicket } from "../support/admin-tickets";
import { createTicketWith } from "../support/attachment-requests";
import { asServiceRole, asUser, rowsOf } from "../support/db";
import { storedWebhookEventsOf } from "../support/webhooks";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

afterEach(() => signOut());

let admin: TUserRow;
let otherAdmin: TUserRow;
let student: TUserRow;
let otherStudent: TUserRow;
let asAdmin: TSessionUser;
let asOtherAdmin: TSessionUser;
let asStudent: TSessionUser;
let category: string;

beforeAll(async () => {
  [admin, otherAdmin, student, otherStudent] = await Promise.all([
    createAdmin(),
    createAdmin(),
    createStudent({ locale: "fr-CA" }),
    createStudent(),
  ]);
  asAdmin = sessionUserOf(admin);
  asOtherAdmin = sessionUserOf(otherAdmin);
  asStudent = sessionUserOf(student);
  // A category of its own, so list filters below only see this file's tickets.
  category = (await createTicketCategory()).slug;
});

const ticketOf = (userId = student.id, status: "open" | "in_progress" | "resolved" = "open") =>
  createTicket({ userId, category, status });

const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

async function tagIdsOf(ticketId: string): Promise<string[]> {
  const rows = rowsOf(
    await asServiceRole("select tag_id from public.support_ticket_tags where ticket_id = $1", [ticketId]),
  );
  return rows.map((row) => row.tag_id as string);
}

describe("tags", () => {
  it("an admin creates a tag on the fly: history line and webhook event; the same tag again changes nothing", async () => {
    const ticket = await ticketOf();
    const name = unique("Remboursement");
    const first = await addTicketTag(asAdmin, { ticketId: ticket.id, name });
    expect(first.changed).toBe(true);
    expect(first.tags.map((tag) => tag.name)).toEqual([name]);
    // Another case is the same tag.
    const again = await addTicketTag(asAdmin, { ticketId: ticket.id, name: name.toUpperCase() });
    expect(again).toMatchObject({ changed: false, tags: [{ name }] });

    const history = (await storedEvents(ticket.id)).filter((event) => event.type === "tag_added");
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ to_value: name, actor_id: admin.id });
    const webhooks = (await storedWebhookEventsOf(ticket.id)).filter((event) => event.type === "ticket.tag_added");
    expect(webhooks).toHaveLength(1);
    expect(webhooks[0]?.payload.data).toMatchObject({ ticket_id: ticket.id, tag_name: name });
    // The version does not move: a label is not news for the admin working on the ticket.
    expect((await storedTicket(ticket.id)).version).toBe(ticket.version);

    const removed = await removeTicketTag(asAdmin, { ticketId: ticket.id, tagId: first.tags[0]?.id as string });
    expect(removed).toEqual({ changed: true, tags: [] });
    expect((await storedEvents(ticket.id)).map((event) => event.type)).toContain("tag_removed");
  });

  it("filters the admin list by one tag, by any and by all of several, and shows tags on rows", async () => {
    const [both, onlyA, onlyB, none] = await Promise.all([ticketOf(), ticketOf(), ticketOf(), ticketOf()]);
    const [nameA, nameB] = [unique("a"), unique("b")];
    const tagA = (await addTicketTag(asAdmin, { ticketId: both.id, name: nameA })).tags[0]?.id as string;
    await addTicketTag(asAdmin, { ticketId: both.id, name: nameB });
    await addTicketTag(asAdmin, { ticketId: onlyA.id, tagId: tagA });
    const tagB = (await addTicketTag(asAdmin, { ticketId: onlyB.id, name: nameB })).tags[0]?.id as string;

    const ids = async (query: Parameters<typeof getAllSupportTickets>[1]) =>
      (await getAllSupportTickets(asAdmin, { category, ...query })).items.map((item) => item.id).sort();
    expect(await ids({ tags: [tagA] })).toEqual([both.id, onlyA.id].sort());
    expect(await ids({ tags: [tagA, tagB] })).toEqual([both.id, onlyA.id, onlyB.id].sort());
    expect(await ids({ tags: [tagA, tagB], tagMode: "all" })).toEqual([both.id]);
    expect(await ids({})).toContain(none.id);

    const row = (await getAllSupportTickets(asAdmin, { category, tags: [tagA], tagMode: "all" })).items.find(
      (item) => item.id === both.id,
    );
    expect(row?.tags.map((tag) => tag.name).sort()).toEqual([nameA, nameB].sort());
    expect((await getAdminTicketDetails(asAdmin, both.id)).tags).toHaveLength(2);
  });

  it("renames a tag and merges one into another (a ticket with both keeps one)", async () => {
    const [t1, t2] = await Promise.all([ticketOf(), ticketOf()]);
    const from = (await addTicketTag(asAdmin, { ticketId: t1.id, name: unique("facture") })).tags[0]?.id as string;
    await addTicketTag(asAdmin, { ticketId: t2.id, tagId: from });
    const into = (await addTicketTag(asAdmin, { ticketId: t2.id, name: unique("paiement") })).tags.find(
      (tag) => tag.id !== from,
    )?.id as string;

    const newName = unique("Paiements");
    expect(await renameTag(asAdmin, { tagId: into, name: newName })).toEqual({ id: into, name: newName });
    await expectAppError(renameTag(asAdmin, { tagId: from, name: newName.toLowerCase() }), "VALIDATION", {
      name: "tagNameTaken",
    });

    expect(await mergeTags(asAdmin, { fromTagId: from, intoTagId: into })).toEqual({ ticketCount: 1 });
    expect(await tagIdsOf(t1.id)).toEqual([into]);
    expect(await tagIdsOf(t2.id)).toEqual([into]);
    expect((await listTags(asAdmin)).some((tag) => tag.id === from)).toBe(false);
  });

  it("the tags page counts each tag's requests, stopping at the cap; admins only", async () => {
    const tickets = await Promise.all([ticketOf(), ticketOf(), ticketOf()]);
    const busy = (await addTicketTag(asAdmin, { ticketId: tickets[0].id, name: unique("souvent") })).tags[0]
      ?.id as string;
    for (const ticket of tickets.slice(1)) await addTicketTag(asAdmin, { ticketId: ticket.id, tagId: busy });
    const rare = (await addTicketTag(asAdmin, { ticketId: tickets[0].id, name: unique("rarement") })).tags.find(
      (tag) => tag.id !== busy,
    )?.id as string;

    const usageOf = (rows: TTagUsage[], id: string) => rows.find((row) => row.id === id);
    const listed = await listTagsWithUsage(asAdmin);
    expect(usageOf(listed, busy)).toMatchObject({ ticketCount: 3, capped: false });
    expect(usageOf(listed, rare)).toMatchObject({ ticketCount: 1, capped: false });
    const capped = await withUser(admin.id, (tx) => selectTagsWithUsage(tx, 2));
    expect(usageOf(capped, busy)).toMatchObject({ ticketCount: 2, capped: true });
    expect(usageOf(capped, rare)).toMatchObject({ ticketCount: 1, capped: false });
    await expectAppError(listTagsWithUsage(asStudent), "FORBIDDEN");
  });

  it("students never see or change tags: actions refused, RLS hides the tables, DTOs carry none", async () => {
    const ticket = await ticketOf();
    const tagId = (await addTicketTag(asAdmin, { ticketId: ticket.id, name: unique("vip") })).tags[0]?.id as string;

    await signInAs(student);
    expectServerError(await addTicketTagAction({ ticketId: ticket.id, name: "forgé" }), "FORBIDDEN");
    await expectAppError(addTicketTag(asStudent, { ticketId: ticket.id, name: "forgé" }), "FORBIDDEN");
    await expectAppError(listTags(asStudent), "FORBIDDEN");

    expect(rowsOf(await asUser(student.id, "select * from public.ticket_tags"))).toEqual([]);
    expect(rowsOf(await asUser(student.id, "select * from public.support_ticket_tags"))).toEqual([]);
    const forged = await asUser(
      student.id,
      "insert into public.support_ticket_tags (ticket_id, tag_id) values ($1, $2)",
      [ticket.id, tagId],
    );
    expect(forged).toMatchObject({ ok: false, code: "42501" });
    const forgedTag = await asUser(student.id, "insert into public.ticket_tags (name) values ('forgé')");
    expect(forgedTag).toMatchObject({ ok: false, code: "42501" });

    const details = await getStudentTicketDetails(asStudent, ticket.id);
    expect(details).not.toHaveProperty("tags");
    expect(JSON.stringify(details)).not.toContain(tagId);
    expect(await tagIdsOf(ticket.id)).toEqual([tagId]);
  });

  it("a student's new request with forged tag fields gets no tag", async () => {
    const tagId = (await addTicketTag(asAdmin, { ticketId: (await ticketOf()).id, name: unique("forge") })).tags[0]
      ?.id as string;
    const created = await createTicketWith(asStudent, [], {
      subject: "Question sur ma facture",
      description: "Bonjour, je ne comprends pas ma dernière facture.",
      category,
      tags: tagId,
      tagId,
      tag: tagId,
    } as never);
    expect(created.status).toBe(200);
    expect(await tagIdsOf(created.body.data?.id as string)).toEqual([]);
  });
});

describe("bulk actions", () => {
  it("assigns three tickets through the pipeline, one history line and webhook each", async () => {
    const tickets = await Promise.all([ticketOf(), ticketOf(), ticketOf()]);
    await signInAs(admin);
    const outcomes = dataOf(
      await applyBulkActionAction({
        tickets: tickets.map((t) => ({ ticketId: t.id, expectedVersion: t.version })),
        action: { type: "assign", assigneeId: otherAdmin.id },
      }),
    );
    expect(outcomes).toEqual(tickets.map((t) => ({ ticketId: t.id, result: "done" })));
    for (const ticket of tickets) {
      expect((await storedTicket(ticket.id)).assigned_to).toBe(otherAdmin.id);
      expect((await storedEvents(ticket.id)).filter((e) => e.type === "assigned")).toHaveLength(1);
      expect((await storedWebhookEventsOf(ticket.id)).map((e) => e.type)).toContain("ticket.assigned");
    }
  });

  it("refuses a ticket changed meanwhile and one the reason rule refuses, and does the others", async () => {
    const [fresh, stale, resolved] = await Promise.all([ticketOf(), ticketOf(), ticketOf(student.id, "resolved")]);
    // Someone else changes `stale` after the list was drawn.
    await addTicketTag(asOtherAdmin, { ticketId: stale.id, name: unique("x") });
    rowsOf(
      await asServiceRole("update public.support_tickets set priority = 'high' where id = $1", [stale.id], {
        commit: true,
      }),
    );

    const outcomes = await applyBulkAction(asAdmin, {
      tickets: [fresh, stale, resolved].map((t) => ({ ticketId: t.id, expectedVersion: t.version })),
      action: { type: "status", status: "in_progress", reason: null },
    });
    expect(outcomes).toEqual([
      { ticketId: fresh.id, result: "done" },
      { ticketId: stale.id, result: "refused", code: "CONFLICT" },
      { ticketId: resolved.id, result: "refused", code: "VALIDATION", reasonKey: "reasonRequired" },
    ]);
    expect((await storedTicket(fresh.id)).status).toBe("in_progress");
    expect((await storedTicket(stale.id)).status).toBe("open");
    expect((await storedTicket(resolved.id)).status).toBe("resolved");
    expect((await storedEvents(resolved.id)).filter((e) => e.type === "status_changed")).toHaveLength(0);
  });

  it("changes priority and adds a tag; a ticket already so is unchanged", async () => {
    const [low, high] = await Promise.all([ticketOf(), ticketOf()]);
    rowsOf(
      await asServiceRole("update public.support_tickets set priority = 'urgent' where id = $1", [high.id], {
        commit: true,
      }),
    );
    const priority = await applyBulkAction(asAdmin, {
      tickets: [low, high].map((t) => ({ ticketId: t.id })),
      action: { type: "priority", priority: "urgent" },
    });
    expect(priority.map((o) => o.result)).toEqual(["done", "unchanged"]);
    const name = unique("lot");
    const tag = await applyBulkAction(asAdmin, {
      tickets: [low, high].map((t) => ({ ticketId: t.id })),
      action: { type: "tag", name },
    });
    expect(tag.map((o) => o.result)).toEqual(["done", "done"]);
    expect(await tagIdsOf(low.id)).toHaveLength(1);
  });

  it("is refused to students, and to an assignee who is not an admin", async () => {
    const ticket = await ticketOf();
    await signInAs(student);
    expectServerError(
      await applyBulkActionAction({
        tickets: [{ ticketId: ticket.id }],
        action: { type: "priority", priority: "urgent" },
      }),
      "FORBIDDEN",
    );
    await expectAppError(
      applyBulkAction(asAdmin, {
        tickets: [{ ticketId: ticket.id }],
        action: { type: "assign", assigneeId: student.id },
      }),
      "VALIDATION",
      { assigneeId: "assigneeNotAdmin" },
    );
    expect((await storedTicket(ticket.id)).priority).toBe("medium");
  });
});

describe("saved views", () => {
  it("saves filters and sort, shares or not, opens with its address, counts with a cap", async () => {
    const tickets = await Promise.all([ticketOf(), ticketOf()]);
    const tagId = (await addTicketTag(asAdmin, { ticketId: tickets[0].id, name: unique("vue") })).tags[0]?.id as string;
    await addTicketTag(asAdmin, { ticketId: tickets[1].id, tagId });

    const mine = await saveView(asAdmin, {
      name: unique("Mes urgences"),
      params: { category, tags: tagId, sort: "priority_desc", status: "bogus" },
    });
    const shared = await saveView(asAdmin, { name: unique("Équipe"), isShared: true, params: { category } });
    expect(mine.search).toBe(`?category=${category}&tags=${tagId}&sort=priority_desc`.replace(`tags=`, "tag="));

    const opened = await getSavedView(asAdmin, mine.id);
    expect(opened.params).toEqual({ category, tags: tagId, sort: "priority_desc" });
    const { views, cap } = await listSavedViewsWithCounts(asAdmin);
    expect(cap).toBe(VIEW_COUNT_CAP);
    expect(views.find((v) => v.id === mine.id)?.count).toBe(2);
    expect(views.find((v) => v.id === shared.id)?.count).toBeGreaterThanOrEqual(2);

    // The other admin sees the shared view only, and cannot delete it.
    const theirs = await listSavedViews(asOtherAdmin);
    expect(theirs.some((v) => v.id === mine.id)).toBe(false);
    expect(theirs.find((v) => v.id === shared.id)).toMatchObject({ isShared: true, isMine: false });
    await expectAppError(getSavedView(asOtherAdmin, mine.id), "NOT_FOUND");
    await expectAppError(deleteView(asOtherAdmin, shared.id), "NOT_FOUND");
    expect(await deleteView(asAdmin, mine.id)).toEqual({ deleted: true });
  });

  it("caps the count at cap + 1", async () => {
    const many = await createTicketCategory();
    await Promise.all(
      Array.from({ length: VIEW_COUNT_CAP + 3 }, () => createTicket({ userId: student.id, category: many.slug })),
    );
    const view = await saveView(asAdmin, { name: unique("Beaucoup"), params: { category: many.slug } });
    const { views } = await listSavedViewsWithCounts(asAdmin);
    expect(views.find((v) => v.id === view.id)?.count).toBe(VIEW_COUNT_CAP + 1);
  });

  it("is refused to students (actions and RLS)", async () => {
    const view = await saveView(asAdmin, { name: unique("Partagée"), isShared: true, params: {} });
    await signInAs(student);
    expectServerError(await saveViewAction({ name: "Moi", params: {} }), "FORBIDDEN");
    expectServerError(await deleteViewAction({ viewId: view.id }), "FORBIDDEN");
    expect(rowsOf(await asUser(student.id, "select * from public.saved_views"))).toEqual([]);
    const forged = await asUser(
      student.id,
      "insert into public.saved_views (owner_id, name, params) values ($1, 'x', '{}')",
      [student.id],
    );
    expect(forged).toMatchObject({ ok: false, code: "42501" });
  });
});

describe("merge", () => {
  it("merges a duplicate: notes on both, source closed with a reason, thread and files on the target, history and webhook", async () => {
    const [target, source] = [await ticketOf(), await ticketOf()];
    const sourceMessage = await createMessage({
      ticketId: source.id,
      userId: student.id,
      message: "Voici ma capture.",
    });
    const file = await createAttachment({ ticketId: source.id, messageId: sourceMessage.id, uploadedBy: student.id });

    expect(await mergeTicket(asAdmin, { sourceTicketId: source.id, targetTicketId: target.id })).toEqual({
      targetId: target.id,
      targetNumber: target.number,
    });

    const stored = await storedTicket(source.id);
    expect(stored.status).toBe("closed");
    const sourceEvents = await storedEvents(source.id);
    expect(sourceEvents.find((e) => e.type === "status_changed")?.reason).toBe(
      `Fusionnée dans la demande #${target.number}`,
    );
    expect(sourceEvents.find((e) => e.type === "merged_into")?.to_value).toBe(String(target.number));
    expect((await storedEvents(target.id)).find((e) => e.type === "merged_from")?.from_value).toBe(
      String(source.number),
    );
    const hooks = (await storedWebhookEventsOf(source.id)).filter((e) => e.type === "ticket.merged");
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.payload.data).toMatchObject({ target_ticket_id: target.id, target_ticket_number: target.number });

    // The student sees a public note on both, and the source's message and file on the target.
    const onTarget = await getStudentTicketDetails(asStudent, target.id);
    expect(onTarget.messages.map((m) => m.message)).toEqual(
      expect.arrayContaining(["Voici ma capture.", expect.stringContaining(`#${source.number}`)]),
    );
    expect(onTarget.messages.find((m) => m.id === sourceMessage.id)?.fromNumber).toBe(source.number);
    expect(onTarget.attachments.map((a) => a.id)).toContain(file.id);
    const onSource = await getStudentTicketDetails(asStudent, source.id);
    expect(onSource.mergedInto).toEqual({ id: target.id, number: target.number });
    expect(onSource.messages.at(-1)?.message).toContain(`#${target.number}`);
    expect(onSource.canReply).toBe(false);
    const adminTarget = await getAdminTicketDetails(asAdmin, target.id);
    expect(adminTarget.mergedFrom).toEqual([{ id: source.id, number: source.number, subject: source.subject }]);
  });

  it("is refused across students, into a closed or merged request, into itself, and to students", async () => {
    const [a, b, other] = await Promise.all([ticketOf(), ticketOf(), ticketOf(otherStudent.id)]);
    await expectAppError(mergeTicket(asAdmin, { sourceTicketId: a.id, targetTicketId: other.id }), "VALIDATION", {
      targetTicketId: "mergeOtherStudent",
    });
    await expectAppError(mergeTicket(asAdmin, { sourceTicketId: a.id, targetTicketId: a.id }), "VALIDATION", {
      targetTicketId: "mergeSelf",
    });
    const closed = await ticketOf(student.id, "resolved");
    rowsOf(
      await asServiceRole("update public.support_tickets set status = 'closed' where id = $1", [closed.id], {
        commit: true,
      }),
    );
    await expectAppError(mergeTicket(asAdmin, { sourceTicketId: a.id, targetTicketId: closed.id }), "VALIDATION", {
      targetTicketId: "mergeTargetClosed",
    });
    await signInAs(student);
    expectServerError(await mergeTicketAction({ sourceTicketId: a.id, targetTicketId: b.id }), "FORBIDDEN");
    const forged = await asUser(student.id, "update public.support_tickets set merged_into_id = $2 where id = $1", [
      a.id,
      b.id,
    ]);
    expect(forged).toMatchObject({ ok: false });

    // b merged into a; then nothing can be merged into b, and b cannot be merged again.
    await mergeTicket(asAdmin, { sourceTicketId: b.id, targetTicketId: a.id });
    const c = await ticketOf();
    await expectAppError(mergeTicket(asAdmin, { sourceTicketId: c.id, targetTicketId: b.id }), "VALIDATION", {
      targetTicketId: "mergeTargetClosed",
    });
    rowsOf(
      await asServiceRole("update public.support_tickets set status = 'open' where id = $1", [b.id], { commit: true }),
    );
    await expectAppError(mergeTicket(asAdmin, { sourceTicketId: c.id, targetTicketId: b.id }), "VALIDATION", {
      targetTicketId: "mergeTargetMerged",
    });
    await expectAppError(mergeTicket(asAdmin, { sourceTicketId: b.id, targetTicketId: c.id }), "VALIDATION", {
      targetTicketId: "mergeAlreadyMerged",
    });
    expect((await storedTicket(a.id)).status).toBe("open");
    expect((await storedTicket(c.id)).status).toBe("open");
  });
});

describe("row actions (issue 17)", () => {
  it("assign from a row answers with the row as the list shows it; a stale version is refused", async () => {
    const ticket = await ticketOf();
    await signInAs(admin);
    const row = dataOf(await assignFromListAction({ ticketId: ticket.id, assigneeId: admin.id, expectedVersion: 1 }));
    expect(row).toMatchObject({ id: ticket.id, number: ticket.number, assignee: { id: admin.id, name: admin.name } });
    expect(row.version).toBe((await storedTicket(ticket.id)).version);
    const [listed] = (await getAllSupportTickets(asAdmin, { category, search: `#${ticket.number}` })).items;
    expect(row).toEqual(listed);

    // Another admin, still looking at version 1: refused, nothing overwritten.
    await signInAs(otherAdmin);
    expectServerError(
      await assignFromListAction({ ticketId: ticket.id, assigneeId: otherAdmin.id, expectedVersion: 1 }),
      "CONFLICT",
    );
    expect((await storedTicket(ticket.id)).assigned_to).toBe(admin.id);
    const unassigned = dataOf(
      await assignFromListAction({ ticketId: ticket.id, assigneeId: null, expectedVersion: row.version }),
    );
    expect(unassigned.assignee).toBeNull();
  });

  it("reply from a row: a public message, the row no longer a new request; notes stay internal", async () => {
    const ticket = await ticketOf();
    await signInAs(admin);
    const row = dataOf(await replyFromListAction({ ticketId: ticket.id, message: "Bonjour, c'est réglé." }));
    expect(row).toMatchObject({ id: ticket.id, messageCount: 1, isNewRequest: false, unread: false });
    const noted = await ticketOf();
    const afterNote = dataOf(
      await replyFromListAction({ ticketId: noted.id, message: "Vérifier le paiement", isInternal: true }),
    );
    expect(afterNote).toMatchObject({ messageCount: 1, isNewRequest: true });
    const stored = rowsOf(
      await asServiceRole(
        "select ticket_id, is_internal, message from public.ticket_messages where ticket_id = any($1)",
        [[ticket.id, noted.id]],
      ),
    );
    expect(stored).toEqual(
      expect.arrayContaining([
        { ticket_id: ticket.id, is_internal: false, message: "Bonjour, c'est réglé." },
        { ticket_id: noted.id, is_internal: true, message: "Vérifier le paiement" },
      ]),
    );
    expectRefusedInput(actionErrorOf(await replyFromListAction({ ticketId: ticket.id, message: "   " })), {
      message: "messageTooShort",
    });
  });

  it("is refused to students", async () => {
    const ticket = await ticketOf();
    await signInAs(student);
    expectServerError(await assignFromListAction({ ticketId: ticket.id, assigneeId: admin.id }), "FORBIDDEN");
    expectServerError(await replyFromListAction({ ticketId: ticket.id, message: "Bonjour" }), "FORBIDDEN");
    expect(
      rowsOf(await asServiceRole("select 1 from public.ticket_messages where ticket_id = $1", [ticket.id])),
    ).toEqual([]);
  });
});
