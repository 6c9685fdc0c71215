"use server";

import { adminActionClient, toValidationError } from "@/server/actions/action-clients";
import {
  ZAddMessageInput,
  ZAddTicketTagInput,
  ZAssignTicketInput,
  ZBulkActionInput,
  ZDeleteViewInput,
  ZMergeTagsInput,
  ZMergeTicketInput,
  ZRemoveTicketTagInput,
  ZRenameTagInput,
  ZSaveViewInput,
  ZTicketId,
} from "../schemas";
import { addTicketTag } from "../service/add-ticket-tag";
import { applyBulkAction } from "../service/apply-bulk-action";
import { assignTicketFromList, quickReplyContext, replyFromList } from "../service/list-row-actions";
import { mergeTags, renameTag } from "../service/manage-tags";
import { mergeTicket } from "../service/merge-ticket";
import { removeTicketTag } from "../service/remove-ticket-tag";
import { deleteView, saveView } from "../service/saved-views";

// The queue tools' actions (issue 15): tags, bulk actions, saved views, merge. Admins only.
const shape = { handleValidationErrorsShape: toValidationError };

export const addTicketTagAction = adminActionClient
  .inputSchema(ZAddTicketTagInput, shape)
  .action(({ ctx, parsedInput }) => addTicketTag(ctx.user, parsedInput));

export const removeTicketTagAction = adminActionClient
  .inputSchema(ZRemoveTicketTagInput, shape)
  .action(({ ctx, parsedInput }) => removeTicketTag(ctx.user, parsedInput));

export const renameTagAction = adminActionClient
  .inputSchema(ZRenameTagInput, shape)
  .action(({ ctx, parsedInput }) => renameTag(ctx.user, parsedInput));

export const mergeTagsAction = adminActionClient
  .inputSchema(ZMergeTagsInput, shape)
  .action(({ ctx, parsedInput }) => mergeTags(ctx.user, parsedInput));

export const applyBulkActionAction = adminActionClient
  .inputSchema(ZBulkActionInput, shape)
  .action(({ ctx, parsedInput }) => applyBulkAction(ctx.user, parsedInput));

export const saveViewAction = adminActionClient
  .inputSchema(ZSaveViewInput, shape)
  .action(({ ctx, parsedInput }) => saveView(ctx.user, parsedInput));

export const deleteViewAction = adminActionClient
  .inputSchema(ZDeleteViewInput, shape)
  .action(({ ctx, parsedInput }) => deleteView(ctx.user, parsedInput.viewId));

export const mergeTicketAction = adminActionClient
  .inputSchema(ZMergeTicketInput, shape)
  .action(({ ctx, parsedInput }) => mergeTicket(ctx.user, parsedInput));

/** The list's row actions (issue 17): each answers with the updated row. */
export const assignFromListAction = adminActionClient
  .inputSchema(ZAssignTicketInput, shape)
  .action(({ ctx, parsedInput }) => assignTicketFromList(ctx.user, parsedInput));

export const replyFromListAction = adminActionClient
  .inputSchema(ZAddMessageInput, shape)
  .action(({ ctx, parsedInput }) => replyFromList(ctx.user, parsedInput));

/** A row's quick reply: the thread's newest entry, shown above the box (its id is the reply's seenUpTo). */
export const quickReplyContextAction = adminActionClient
  .inputSchema(ZTicketId, shape)
  .action(({ ctx, parsedInput }) => quickReplyContext(ctx.user, parsedInput.ticketId));
