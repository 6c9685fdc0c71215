import "server-only";
import { randomUUID } from "node:crypto";
import { receiveTicketUpload, type TStoredAttachmentFile } from "@/features/attachments";
import type { TApiResult } from "@/lib/errors";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { type TTx, withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { errorResponse, jsonResponse, replayedResponse } from "@/server/http/api-response";
import { abortedResponse, isClientAbort } from "@/server/http/client-abort";
import { requestLocale } from "@/server/http/locale";
import { refuseForeignUpload } from "@/server/http/same-origin";
import { signedInUser, type TUserSource } from "@/server/http/signed-in-user";
import {
  hashIdempotentRequest,
  hasRecordedAnswer,
  IdempotentReplay,
  idempotencyKeyOf,
  runIdempotent,
} from "@/server/idempotency";
import { isUuid } from "@/server/text-shapes";
import { parseInput } from "@/server/validation";
import { findTicketState } from "../repository";
import { ZAddMessageInput, ZCreateTicketInput } from "../schemas";
import { addTicketMessage, addTicketMessageInTransaction, type TAddedMessage } from "../service/add-ticket-message";
import { createSupportTicket, createSupportTicketInTransaction, type TCreatedTicket } from "../service/create-ticket";
import { withinWriteLimits } from "../service/write-limits";

// Route handlers' bodies for uploads (a ticket or a message with its files, one multipart
// request). Each: session → role → parse the fields → service → JSON. The files are stored as
// they stream in (attachments), then the service writes the rows, history and events in one
// transaction; if anything fails, the stored files are removed.
//
// The session is read inside the handler's error path (the routes pass getSessionUser itself;
// tests may pass a user): while the database is unreachable the lookup fails, and that must be
// a 503 UNAVAILABLE with Retry-After like any other failure, not Next's empty 500.
//
// With an Idempotency-Key header (src/server/idempotency.ts), the write and its answer commit
// together; a retry of the same request gets the first answer (Idempotent-Replayed: true) and
// its own stored files are removed; the same key for another request is 422.

/** The JSON body a successful upload answers with: also what its Idempotency-Key records. */
function okAnswer<T>(data: T) {
  const body: TApiResult<T> = { ok: true, data };
  return { status: 200, body };
}

/** Runs `write` in the user's transaction at most once per key; without a key, `plain` as before. */
function writeOnce<T>(
  user: TSessionUser,
  idempotency: {
    key: string | null;
    route: string;
    fields: Record<string, string>;
    files: readonly TStoredAttachmentFile[];
  },
  write: (tx: TTx) => Promise<T>,
  plain: () => Promise<T>,
): Promise<T> {
  const { key } = idempotency;
  if (key === null) return plain();
  const requestHash = hashIdempotentRequest(idempotency);
  return withUser(user, (tx) => runIdempotent(tx, { userId: user.id, key, requestHash }, () => write(tx), okAnswer));
}

/** The failure answer of an upload route: a replay, an abandoned request, or errorResponse. */
function uploadFailure(error: unknown, request: Request): Response {
  if (error instanceof IdempotentReplay) return replayedResponse(error.answer.status, error.answer.body);
  if (isClientAbort(request, error)) return abortedResponse("api");
  return errorResponse(error, requestLocale(request));
}

/** "true"/"false" from a form; anything else goes to the schema as is (and fails it). */
function formBoolean(value: string | undefined): unknown {
  if (value === undefined || value === "" || value === "false") return false;
  if (value === "true") return true;
  return value;
}

/**
 * POST /api/tickets: a new ticket and its files (ticket-level attachments). The files are
 * stored under the ticket's id, chosen here, then the ticket, its files' rows, history and
 * events commit in one transaction.
 */
export async function createTicketFromUpload(
  user: TSessionUser,
  request: Request,
  idempotencyKey: string | null = null,
): Promise<TCreatedTicket> {
  assertRole(user, "student");
  const ticketId = randomUUID();
  return withinWriteLimits(user, "ticket", receiveTicketUpload)(request, ticketId, (fields, files) => {
    const input = parseInput(ZCreateTicketInput, {
      subject: fields.subject,
      description: fields.description,
      category: fields.category,
      appointmentId: fields.appointmentId,
      orderId: fields.orderId,
    });
    return writeOnce(
      user,
      { key: idempotencyKey, route: "POST /api/tickets", fields, files },
      (tx) => createSupportTicketInTransaction(tx, user, input, { ticketId, files }),
      () => createSupportTicket(user, input, { ticketId, files }),
    );
  });
}

/**
 * Before reading a byte of the body: the ticket must be one the user can see (RLS) and,
 * for a student, not closed. Another student's ticket is NOT_FOUND, so nothing is stored
 * for a request that would be refused anyway. addTicketMessage checks again, under lock.
 */
async function assertCanPostTo(user: TSessionUser, ticketId: string, idempotencyKey: string | null): Promise<void> {
  if (!isUuid(ticketId)) throw new AppError("NOT_FOUND");
  const { ticket, retry } = await withUser(user, async (tx) => ({
    ticket: await findTicketState(tx, ticketId),
    // A retry whose first attempt committed gets its answer even if the ticket closed since.
    retry: idempotencyKey !== null && (await hasRecordedAnswer(tx, user.id, idempotencyKey)),
  }));
  if (retry) return;
  if (!ticket || (user.role !== "admin" && ticket.userId !== user.id)) throw new AppError("NOT_FOUND");
  if (user.role !== "admin" && ticket.status === "closed") throw new AppError("TICKET_CLOSED");
}

/**
 * POST /api/tickets/{ticketId}/messages: a reply (or an admin's internal note) and its files;
 * the message, the files' rows, history and the ticket.message_added webhook
 * (attachment_count = number of files) commit together.
 */
export async function addTicketMessageFromUpload(
  user: TSessionUser,
  ticketId: string,
  request: Request,
  idempotencyKey: string | null = null,
): Promise<TAddedMessage> {
  assertRole(user, "student", "admin");
  await assertCanPostTo(user, ticketId, idempotencyKey);
  return withinWriteLimits(user, "reply", receiveTicketUpload)(request, ticketId, (fields, files) => {
    const input = parseInput(ZAddMessageInput, {
      ticketId,
      message: fields.message,
      isInternal: formBoolean(fields.isInternal),
      seenUpTo: fields.seenUpTo || undefined,
      sendAnyway: formBoolean(fields.sendAnyway),
    });
    return writeOnce(
      user,
      { key: idempotencyKey, route: `POST /api/tickets/${ticketId}/messages`, fields, files },
      (tx) => addTicketMessageInTransaction(tx, user, input, { files }),
      () => addTicketMessage(user, input, { files }),
    );
  });
}

/** POST /api/tickets → { ok: true, data: { id, number } } | { ok: false, code, message, fieldErrors? } */
export async function handleCreateTicketUpload(request: Request, user: TUserSource): Promise<Response> {
  const refused = refuseForeignUpload(request);
  if (refused) return refused;
  try {
    const current = await signedInUser(user);
    return jsonResponse(await createTicketFromUpload(current, request, idempotencyKeyOf(request)));
  } catch (error) {
    return uploadFailure(error, request);
  }
}

/** POST /api/tickets/{ticketId}/messages → { ok: true, data: { messageId, status } } | { ok: false, … } */
export async function handleAddMessageUpload(request: Request, ticketId: string, user: TUserSource): Promise<Response> {
  const refused = refuseForeignUpload(request);
  if (refused) return refused;
  try {
    const current = await signedInUser(user);
    return jsonResponse(await addTicketMessageFromUpload(current, ticketId, request, idempotencyKeyOf(request)));
  } catch (error) {
    return uploadFailure(error, request);
  }
}
