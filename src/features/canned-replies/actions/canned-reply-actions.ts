"use server";

import { adminActionClient, toValidationError, ZNoInput } from "@/server/actions/action-clients";
import { ZCannedReplyId, ZCreateCannedReplyInput, ZRenderCannedReplyInput, ZUpdateCannedReplyInput } from "../schemas";
import { createCannedReply } from "../service/create-canned-reply";
import { deleteCannedReply } from "../service/delete-canned-reply";
import { listCannedReplies } from "../service/list-canned-replies";
import { renderCannedReply } from "../service/render-canned-reply";
import { updateCannedReply } from "../service/update-canned-reply";

const shape = { handleValidationErrorsShape: toValidationError };

export const listCannedRepliesAction = adminActionClient
  .inputSchema(ZNoInput, shape)
  .action(({ ctx }) => listCannedReplies(ctx.user));

export const createCannedReplyAction = adminActionClient
  .inputSchema(ZCreateCannedReplyInput, shape)
  .action(({ ctx, parsedInput }) => createCannedReply(ctx.user, parsedInput));

export const updateCannedReplyAction = adminActionClient
  .inputSchema(ZUpdateCannedReplyInput, shape)
  .action(({ ctx, parsedInput }) => updateCannedReply(ctx.user, parsedInput));

export const deleteCannedReplyAction = adminActionClient
  .inputSchema(ZCannedReplyId, shape)
  .action(({ ctx, parsedInput }) => deleteCannedReply(ctx.user, parsedInput));

export const renderCannedReplyAction = adminActionClient
  .inputSchema(ZRenderCannedReplyInput, shape)
  .action(({ ctx, parsedInput }) => renderCannedReply(ctx.user, parsedInput));
