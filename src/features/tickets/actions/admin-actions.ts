"use server";

import { adminActionClient, toValidationError } from "@/server/actions/action-clients";
import {
  ZAdminTicketsQuery,
  ZAssignTicketInput,
  ZCreateCategoryInput,
  ZReorderCategoriesInput,
  ZSetAvailabilityInput,
  ZUpdateCategoryInput,
  ZUpdatePriorityInput,
  ZUpdateStatusInput,
} from "../schemas";
import { assignTicket } from "../service/assign-ticket";
import { createCategory } from "../service/create-category";
import { getAllSupportTickets } from "../service/get-all-support-tickets";
import { reorderCategories } from "../service/reorder-categories";
import { setMyAvailability } from "../service/set-my-availability";
import { updateCategory } from "../service/update-category";
import { updateTicketPriority } from "../service/update-ticket-priority";
import { updateTicketStatus } from "../service/update-ticket-status";

// What the admin pages call from the browser (the list's next pages, the ticket controls, the
// category manager). Reads of a whole page are done by the page itself, on the server.
const shape = { handleValidationErrorsShape: toValidationError };

export const getAllSupportTicketsAction = adminActionClient
  .inputSchema(ZAdminTicketsQuery, shape)
  .action(({ ctx, parsedInput }) => getAllSupportTickets(ctx.user, parsedInput));

export const updateTicketStatusAction = adminActionClient
  .inputSchema(ZUpdateStatusInput, shape)
  .action(({ ctx, parsedInput }) => updateTicketStatus(ctx.user, parsedInput));

export const updateTicketPriorityAction = adminActionClient
  .inputSchema(ZUpdatePriorityInput, shape)
  .action(({ ctx, parsedInput }) => updateTicketPriority(ctx.user, parsedInput));

export const assignTicketAction = adminActionClient
  .inputSchema(ZAssignTicketInput, shape)
  .action(({ ctx, parsedInput }) => assignTicket(ctx.user, parsedInput));

export const createCategoryAction = adminActionClient
  .inputSchema(ZCreateCategoryInput, shape)
  .action(({ ctx, parsedInput }) => createCategory(ctx.user, parsedInput));

export const updateCategoryAction = adminActionClient
  .inputSchema(ZUpdateCategoryInput, shape)
  .action(({ ctx, parsedInput }) => updateCategory(ctx.user, parsedInput));

export const reorderCategoriesAction = adminActionClient
  .inputSchema(ZReorderCategoriesInput, shape)
  .action(({ ctx, parsedInput }) => reorderCategories(ctx.user, parsedInput));

export const setMyAvailabilityAction = adminActionClient
  .inputSchema(ZSetAvailabilityInput, shape)
  .action(({ ctx, parsedInput }) => setMyAvailability(ctx.user, parsedInput));
