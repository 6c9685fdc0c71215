import {
  supportTickets,
  type TTicketEventType,
  type TTicketPriority,
  type TTicketStatus,
  ticketAttachments,
  ticketEvents,
  ticketMessages,
  ticketReads,
} from "@/server/db/schema";
import { asServiceRoleTx, only, pick, uniqueSuffix } from "./service-db";

export type TTicketRow = typeof supportTickets.$inferSelect;
export type TMessageRow = typeof ticketMessages.$inferSelect;
export type TAttachmentRow = typeof ticketAttachments.$inferSelect;
export type TEventRow = typeof ticketEvents.$inferSelect;
export type TReadRow = typeof ticketReads.$inferSelect;

const SUBJECTS = [
  "Impossible de rejoindre ma séance",
  "Question sur ma facture de mars",
  "Changer de tuteur en chimie",
  "Demande de cours de physique",
] as const;

/** A ticket as stored, whatever the status: written as service_role, so the guard trigger lets it through. */
export function createTicket(input: {
  userId: string;
  status?: TTicketStatus;
  priority?: TTicketPriority;
  assignedTo?: string | null;
  appointmentId?: string | null;
  orderId?: string | null;
  category?: string;
  subject?: string;
  description?: string;
}): Promise<TTicketRow> {
  return asServiceRoleTx(async (tx) =>
    only(
      await tx
        .insert(supportTickets)
        .values({
          userId: input.userId,
          subject: input.subject ?? pick(SUBJECTS),
          description: input.description ?? "Bonjour, j'ai besoin d'aide avec ceci, merci de me répondre.",
          category: input.category ?? "soutien-technique",
          priority: input.priority ?? "medium",
          status: input.status ?? "open",
          assignedTo: input.assignedTo ?? null,
          appointmentId: input.appointmentId ?? null,
          orderId: input.orderId ?? null,
        })
        .returning(),
    ),
  );
}

export function createMessage(input: {
  ticketId: string;
  userId: string;
  isInternal?: boolean;
  message?: string;
}): Promise<TMessageRow> {
  const isInternal = input.isInternal ?? false;
  return asServiceRoleTx(async (tx) =>
    only(
      await tx
        .insert(ticketMessages)
        .values({
          ticketId: input.ticketId,
          userId: input.userId,
          isInternal,
          message: input.message ?? (isInternal ? "Note interne : vérifier le paiement." : "Merci pour votre réponse."),
        })
        .returning(),
    ),
  );
}

export function createAttachment(input: {
  ticketId: string;
  messageId?: string | null;
  uploadedBy: string;
  fileName?: string;
  fileType?: string;
  fileSize?: number;
}): Promise<TAttachmentRow> {
  const fileName = input.fileName ?? "capture-écran.png";
  return asServiceRoleTx(async (tx) =>
    only(
      await tx
        .insert(ticketAttachments)
        .values({
          ticketId: input.ticketId,
          messageId: input.messageId ?? null,
          uploadedBy: input.uploadedBy,
          fileName,
          filePath: `ticket-attachments/${input.ticketId}/${Date.now()}_${uniqueSuffix()}_${fileName}`,
          fileType: input.fileType ?? "image/png",
          fileSize: input.fileSize ?? 52_431,
        })
        .returning(),
    ),
  );
}

export function createEvent(input: {
  ticketId: string;
  actorId: string | null;
  type: TTicketEventType;
  fromValue?: string | null;
  toValue?: string | null;
  reason?: string | null;
}): Promise<TEventRow> {
  return asServiceRoleTx(async (tx) =>
    only(
      await tx
        .insert(ticketEvents)
        .values({
          ticketId: input.ticketId,
          actorId: input.actorId,
          type: input.type,
          fromValue: input.fromValue ?? null,
          toValue: input.toValue ?? null,
          reason: input.reason ?? null,
        })
        .returning(),
    ),
  );
}

export function createTicketRead(input: { ticketId: string; userId: string; lastReadAt?: Date }): Promise<TReadRow> {
  return asServiceRoleTx(async (tx) =>
    only(
      await tx
        .insert(ticketReads)
        .values({ ticketId: input.ticketId, userId: input.userId, lastReadAt: input.lastReadAt ?? new Date() })
        .returning(),
    ),
  );
}
