"use server";

import { z } from "zod";
import { defineAuthAction } from "@/server/actions/define-action";
import {
  ZAddMessageInput,
  ZAdminTicketsQuery,
  ZAssignTicketInput,
  ZCreateCategoryInput,
  ZReorderCategoriesInput,
  ZTicketId,
  ZUpdateCategoryInput,
  ZUpdatePriorityInput,
  ZUpdateStatusInput,
} from "../schemas";
import { addTicketMessage } from "../service/add-ticket-message";
import { assignTicket } from "../service/assign-ticket";
import { createCategory } from "../service/create-category";
import { deleteTicket } from "../service/delete-ticket";
import { getAdminDashboard } from "../service/get-admin-dashboard";
import { getAllSupportTickets } from "../service/get-all-support-tickets";
import { getAdminTicketDetails } from "../service/get-ticket-details";
import { getAdminsForAssignment, listCategories } from "../service/get-ticket-form-options";
import { reorderCategories } from "../service/reorder-categories";
import { updateCategory } from "../service/update-category";
import { updateTicketPriority } from "../service/update-ticket-priority";
import { updateTicketStatus } from "../service/update-ticket-status";

// Plan 3.2, and category management. Admins only; each service checks again under RLS.
const admin = ["admin"] as const;

export const getAllSupportTicketsAction = defineAuthAction(
  { schema: ZAdminTicketsQuery, roles: admin },
  (user, input) => getAllSupportTickets(user, input),
);

export const getAdminTicketDetailsAction = defineAuthAction({ schema: ZTicketId, roles: admin }, (user, input) =>
  getAdminTicketDetails(user, input.ticketId),
);

export const updateTicketStatusAction = defineAuthAction({ schema: ZUpdateStatusInput, roles: admin }, (user, input) =>
  updateTicketStatus(user, input),
);

export const updateTicketPriorityAction = defineAuthAction(
  { schema: ZUpdatePriorityInput, roles: admin },
  (user, input) => updateTicketPriority(user, input),
);

export const assignTicketAction = defineAuthAction({ schema: ZAssignTicketInput, roles: admin }, (user, input) =>
  assignTicket(user, input),
);

export const addAdminTicketMessageAction = defineAuthAction({ schema: ZAddMessageInput, roles: admin }, (user, input) =>
  addTicketMessage(user, input),
);

export const getAdminsForAssignmentAction = defineAuthAction({ schema: z.object({}), roles: admin }, (user) =>
  getAdminsForAssignment(user),
);

export const getAdminDashboardAction = defineAuthAction({ schema: z.object({}), roles: admin }, (user) =>
  getAdminDashboard(user),
);

export const listCategoriesAction = defineAuthAction({ schema: z.object({}), roles: admin }, (user) =>
  listCategories(user),
);

export const createCategoryAction = defineAuthAction({ schema: ZCreateCategoryInput, roles: admin }, (user, input) =>
  createCategory(user, input),
);

export const updateCategoryAction = defineAuthAction({ schema: ZUpdateCategoryInput, roles: admin }, (user, input) =>
  updateCategory(user, input),
);

export const reorderCategoriesAction = defineAuthAction(
  { schema: ZReorderCategoriesInput, roles: admin },
  (user, input) => reorderCategories(user, input),
);

/** Deletes a ticket with everything attached to it, stored files included (irreversible). */
export const deleteTicketAction = defineAuthAction({ schema: ZTicketId, roles: admin }, (user, input) =>
  deleteTicket(user, input.ticketId),
);
