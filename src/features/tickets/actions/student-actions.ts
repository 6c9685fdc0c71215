"use server";

import { studentActionClient, toValidationError } from "@/server/actions/action-clients";
import { ZRateTicketInput, ZStudentTicketsQuery, ZTicketId } from "../schemas";
import { closeTicket } from "../service/close-ticket";
import { getStudentTickets } from "../service/get-student-tickets";
import { rateTicket } from "../service/rate-ticket";

// What the student pages call from the browser. Creating a ticket and replying go through the
// upload route handlers (files stream there, not through a 1 MB action body).
const shape = { handleValidationErrorsShape: toValidationError };

export const getStudentTicketsAction = studentActionClient
  .inputSchema(ZStudentTicketsQuery, shape)
  .action(({ ctx, parsedInput }) => getStudentTickets(ctx.user, parsedInput));

export const closeTicketAction = studentActionClient
  .inputSchema(ZTicketId, shape)
  .action(({ ctx, parsedInput }) => closeTicket(ctx.user, parsedInput.ticketId));

export const rateTicketAction = studentActionClient
  .inputSchema(ZRateTicketInput, shape)
  .action(({ ctx, parsedInput }) => rateTicket(ctx.user, parsedInput));
