import "server-only";
import { RATING_CHANGE_DAYS } from "@/lib/rating-values";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { assertUuid } from "@/server/validation";
import { type TTicketRating, toTicketRating } from "../dto";
import { selectCurrentRating, selectTicketForRating, upsertCurrentRating } from "../repository";
import { type TRateTicketInput, ZRateTicketInput } from "../schemas";
import { emitTicketEvent } from "./ticket-change";

/** Whether a rating given at `createdAt` can still be changed at `now`. */
export function isRatingChangeable(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() < RATING_CHANGE_DAYS * 86_400_000;
}

/**
 * The ticket's student rates its current resolution 1–5, with an optional comment, or changes
 * that rating within RATING_CHANGE_DAYS (issue 16). One rating per resolution: after a reopen
 * and a new resolution, the new one is rated afresh. RATING_CLOSED when the ticket is not
 * resolved (or closed after a resolution) or the rating is too old to change; NOT_FOUND for
 * another student's ticket. The `rated` event goes through the pipeline (history, webhook
 * ticket.rated, live); the database's policies check the same rules again.
 */
export async function rateTicket(user: TSessionUser, input: TRateTicketInput): Promise<TTicketRating> {
  assertRole(user, "student");
  const parsed = ZRateTicketInput.safeParse(input);
  if (!parsed.success) throw new AppError("VALIDATION");
  const { ticketId, score } = parsed.data;
  const comment = parsed.data.comment === "" ? null : parsed.data.comment;
  assertUuid(ticketId, "ticketId");
  return withUser(user, async (tx) => {
    const ticket = await selectTicketForRating(tx, ticketId);
    if (!ticket || ticket.userId !== user.id) throw new AppError("NOT_FOUND");
    if (!ticket.resolvedAt || (ticket.status !== "resolved" && ticket.status !== "closed")) {
      throw new AppError("RATING_CLOSED");
    }
    const before = await selectCurrentRating(tx, ticketId);
    if (before && !isRatingChangeable(before.createdAt, new Date())) throw new AppError("RATING_CLOSED");
    if (before && before.score === score && before.comment === comment) return toTicketRating(before, new Date());
    const saved = await upsertCurrentRating(tx, {
      ticketId,
      userId: user.id,
      score,
      comment,
      changeDays: RATING_CHANGE_DAYS,
    });
    if (!saved) throw new AppError("RATING_CLOSED");
    const { resolvedAt: _resolvedAt, ...snapshot } = ticket;
    await emitTicketEvent(tx, user, {
      type: "rated",
      ticket: snapshot,
      ratingId: saved.id,
      score: saved.score,
      previousScore: before?.score ?? null,
      comment: saved.comment,
      resolvedAt: saved.resolvedAt,
    });
    return toTicketRating(saved, new Date());
  });
}
