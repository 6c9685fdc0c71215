"use server";

import { getLocale } from "next-intl/server";
import { z } from "zod";
import { adminActionClient, authActionClient, toValidationError } from "@/server/actions/action-clients";
import {
  ZEmailLogQuery,
  ZEmailNotificationId,
  ZInAppListQuery,
  ZInAppNotificationId,
  ZLiftSuppressionInput,
  ZSetCategorySubscriptionsInput,
  ZSetNotificationPreferenceInput,
} from "../schemas";
import { liftEmailSuppression, resendFailedEmail } from "../service/email-admin";
import { getEmailDetails } from "../service/get-email-details";
import { listInAppNotifications, markNotificationsRead } from "../service/in-app-notifications";
import { listEmailLog } from "../service/list-email-log";
import { setCategorySubscriptions, setNotificationPreference } from "../service/notification-preferences";

const shape = { handleValidationErrorsShape: toValidationError };

export const listEmailLogAction = adminActionClient
  .inputSchema(ZEmailLogQuery, shape)
  .action(({ ctx, parsedInput }) => listEmailLog(ctx.user, parsedInput));

export const getEmailDetailsAction = adminActionClient
  .inputSchema(ZEmailNotificationId, shape)
  .action(({ ctx, parsedInput }) => getEmailDetails(ctx.user, parsedInput.id));

export const resendEmailAction = adminActionClient
  .inputSchema(ZEmailNotificationId, shape)
  .action(({ ctx, parsedInput }) => resendFailedEmail(ctx.user, parsedInput.id));

export const liftEmailSuppressionAction = adminActionClient
  .inputSchema(ZLiftSuppressionInput, shape)
  .action(({ ctx, parsedInput }) => liftEmailSuppression(ctx.user, parsedInput.userId));

export const setNotificationPreferenceAction = authActionClient
  .inputSchema(ZSetNotificationPreferenceInput, shape)
  .action(({ ctx, parsedInput }) => setNotificationPreference(ctx.user, parsedInput));

export const setCategorySubscriptionsAction = adminActionClient
  .inputSchema(ZSetCategorySubscriptionsInput, shape)
  .action(async ({ ctx, parsedInput }) => setCategorySubscriptions(ctx.user, parsedInput, await getLocale()));

export const listInAppNotificationsAction = authActionClient
  .inputSchema(ZInAppListQuery, shape)
  .action(({ ctx, parsedInput }) => listInAppNotifications(ctx.user, parsedInput));

export const markNotificationReadAction = authActionClient
  .inputSchema(ZInAppNotificationId, shape)
  .action(({ ctx, parsedInput }) => markNotificationsRead(ctx.user, parsedInput.id));

export const markAllNotificationsReadAction = authActionClient
  .inputSchema(z.object({}), shape)
  .action(({ ctx }) => markNotificationsRead(ctx.user, null));
