"use server";

import { adminActionClient, toValidationError } from "@/server/actions/action-clients";
import {
  ZAddHolidayInput,
  ZDeleteHolidayInput,
  ZDeleteSlaPolicyInput,
  ZSaveBusinessCalendarInput,
  ZSaveSlaPolicyInput,
} from "../schemas";
import {
  addBusinessHoliday,
  deleteBusinessHoliday,
  deleteSlaPolicy,
  saveBusinessCalendar,
  saveSlaPolicy,
} from "../service/sla-settings";

// The SLA admin page's actions: parse, admin only, one service each.
const shape = { handleValidationErrorsShape: toValidationError };

export const saveSlaPolicyAction = adminActionClient
  .inputSchema(ZSaveSlaPolicyInput, shape)
  .action(({ ctx, parsedInput }) => saveSlaPolicy(ctx.user, parsedInput));

export const deleteSlaPolicyAction = adminActionClient
  .inputSchema(ZDeleteSlaPolicyInput, shape)
  .action(({ ctx, parsedInput }) => deleteSlaPolicy(ctx.user, parsedInput));

export const saveBusinessCalendarAction = adminActionClient
  .inputSchema(ZSaveBusinessCalendarInput, shape)
  .action(({ ctx, parsedInput }) => saveBusinessCalendar(ctx.user, parsedInput));

export const addBusinessHolidayAction = adminActionClient
  .inputSchema(ZAddHolidayInput, shape)
  .action(({ ctx, parsedInput }) => addBusinessHoliday(ctx.user, parsedInput));

export const deleteBusinessHolidayAction = adminActionClient
  .inputSchema(ZDeleteHolidayInput, shape)
  .action(({ ctx, parsedInput }) => deleteBusinessHoliday(ctx.user, parsedInput));
