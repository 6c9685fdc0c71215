import "server-only";
import { routing, type TLocale } from "@/i18n/routing";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { translatorFor } from "@/server/http/locale";
import { validationError } from "@/server/validation";
import { findMergeState, insertMessage, setMergedInto, updateTicket } from "../repository";
import type { TMergeTicketInput } from "../schemas";
import { applyTicketChange, emitTicketEvent, lockTicketForChange } from "./ticket-change";

/**
 * Merges a duplicate request (source) into another request of the same student (target), in
 * one transaction: both are locked (in id order, so two merges never deadlock); the source
 * gets a public note pointing at the target and is closed with that reason; the target gets
 * a public note naming the source and shows the source's messages and files from now on;
 * each records it in its history (`merged_into`, `merged_from`), the source's line sends the
 * `ticket.merged` webhook. Refused: itself, another student's request, a target that is
 * closed or merged, a source already merged. The merge guard trigger checks the same in SQL.
 */
export async function mergeTicket(
  user: TSessionUser,
  input: TMergeTicketInput,
): Promise<{ targetId: string; targetNumber: number }> {
  assertRole(user, "admin");
  if (input.sourceTicketId === input.targetTicketId) throw validationError("targetTicketId", "mergeSelf");
  return withUser(user, async (tx) => {
    const [firstId, secondId] = [input.sourceTicketId, input.targetTicketId].sort();
    const first = await lockTicketForChange(tx, user, firstId as string);
    const second = await lockTicketForChange(tx, user, secondId as string);
    const [source, target] = first.id === input.sourceTicketId ? [first, second] : [second, first];
    if (input.expectedVersion !== undefined && source.version !== input.expectedVersion) {
      throw new AppError("CONFLICT");
    }
    if (source.userId !== target.userId) throw validationError("targetTicketId", "mergeOtherStudent");
    if (target.status === "closed") throw validationError("targetTicketId", "mergeTargetClosed");
    const [sourceState, targetState] = [await findMergeState(tx, source.id), await findMergeState(tx, target.id)];
    if (sourceState?.mergedIntoId) throw validationError("targetTicketId", "mergeAlreadyMerged");
    if (targetState?.mergedIntoId) throw validationError("targetTicketId", "mergeTargetMerged");

    // The notes are in the student's language: they are written once, for them.
    const studentLocale = sourceState?.studentLocale as TLocale | null | undefined;
    const locale: TLocale = studentLocale && routing.locales.includes(studentLocale) ? studentLocale : "fr-CA";
    const t = translatorFor(locale, "tickets");
    const reason = t("merge.closedReason", { number: target.number });
    let sourceNoteId = "";
    const closed = await applyTicketChange(tx, user, {
      ticketId: source.id,
      decide: (ticket) =>
        ticket.status === "closed"
          ? { set: {}, publicActivity: true }
          : { set: { status: "closed" }, reason, publicActivity: true },
      beforeUpdate: async () => {
        const note = await insertMessage(tx, {
          ticketId: source.id,
          userId: user.id,
          message: t("merge.sourceNote", { number: target.number }),
          isInternal: false,
        });
        sourceNoteId = note.id;
        return { messageId: note.id };
      },
    });
    await setMergedInto(tx, source.id, target.id);
    await emitTicketEvent(tx, user, {
      type: "merged_into",
      ticket: closed.ticket,
      target: { id: target.id, number: target.number },
      messageId: sourceNoteId,
    });

    const targetNote = await insertMessage(tx, {
      ticketId: target.id,
      userId: user.id,
      message: t("merge.targetNote", { number: source.number, subject: source.subject }),
      isInternal: false,
    });
    const updated = await updateTicket(tx, target.id, {}, { publicActivity: true });
    await emitTicketEvent(tx, user, {
      type: "merged_from",
      ticket: { ...target, version: updated.version },
      source: { id: source.id, number: source.number },
      messageId: targetNote.id,
    });
    return { targetId: target.id, targetNumber: target.number };
  });
}
