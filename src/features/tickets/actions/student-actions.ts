"use server";

import { z } from "zod";
import { defineAuthAction } from "@/server/actions/define-action";
import { ZAddMessageInput, ZCreateTicketInput, ZStudentTicketsQuery, ZTicketId } from "../schemas";
import { addTicketMessage } from "../service/add-ticket-message";
import { closeTicket } from "../service/close-ticket";
import { createSupportTicket } from "../service/create-ticket";
import { getStudentTickets } from "../service/get-student-tickets";
import { getStudentTicketDetails } from "../service/get-ticket-details";
import { getStudentAppointmentsForTicket, getStudentOrdersForTicket } from "../service/get-ticket-form-options";

// Plan 3.1. Each action: parse, session, service, { ok, data } | { ok: false, code, message }.

export const createSupportTicketAction = defineAuthAction(
  { schema: ZCreateTicketInput, roles: ["student"] },
  (user, input) => createSupportTicket(user, input),
);

export const getStudentTicketsAction = defineAuthAction(
  { schema: ZStudentTicketsQuery, roles: ["student"] },
  (user, input) => getStudentTickets(user, input),
);

export const getStudentTicketDetailsAction = defineAuthAction(
  { schema: ZTicketId, roles: ["student"] },
  (user, input) => getStudentTicketDetails(user, input.ticketId),
);

export const addStudentTicketMessageAction = defineAuthAction(
  { schema: ZAddMessageInput.omit({ isInternal: true }), roles: ["student"] },
  (user, input) => addTicketMessage(user, { ...input, isInternal: false }),
);

export const closeTicketAction = defineAuthAction({ schema: ZTicketId, roles: ["student"] }, (user, input) =>
  closeTicket(user, input.ticketId),
);

export const getStudentAppointmentsForTicketAction = defineAuthAction(
  { schema: z.object({}), roles: ["student"] },
  (user) => getStudentAppointmentsForTicket(user),
);

export const getStudentOrdersForTicketAction = defineAuthAction({ schema: z.object({}), roles: ["student"] }, (user) =>
  getStudentOrdersForTicket(user),
);
