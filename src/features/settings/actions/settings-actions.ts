"use server";

import { adminActionClient, toValidationError } from "@/server/actions/action-clients";
import { ZUpdateGeneralSettingsInput } from "../schemas";
import { updateGeneralSettingsOf } from "../service/update-general-settings";

export const updateGeneralSettingsAction = adminActionClient
  .inputSchema(ZUpdateGeneralSettingsInput, { handleValidationErrorsShape: toValidationError })
  .action(({ ctx, parsedInput }) => updateGeneralSettingsOf(ctx.user, parsedInput));
