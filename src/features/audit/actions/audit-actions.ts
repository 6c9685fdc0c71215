"use server";

import { adminActionClient, toValidationError } from "@/server/actions/action-clients";
import { ZAuditLogQuery } from "../schemas";
import { listAuditEvents } from "../service/list-audit-events";

export const listAuditEventsAction = adminActionClient
  .inputSchema(ZAuditLogQuery, { handleValidationErrorsShape: toValidationError })
  .action(({ ctx, parsedInput }) => listAuditEvents(ctx.user, parsedInput));
