"use server";

import { adminActionClient, toValidationError } from "@/server/actions/action-clients";
import {
  ZCreateRuleInput,
  ZDryRunInput,
  ZReorderRulesInput,
  ZRuleId,
  ZSetRuleActiveInput,
  ZUpdateRuleInput,
} from "../schemas";
import { dryRunAssignmentRules } from "../service/dry-run-rules";
import {
  createAssignmentRule,
  deleteAssignmentRule,
  reorderAssignmentRules,
  setAssignmentRuleActive,
  updateAssignmentRule,
} from "../service/manage-rules";

const shape = { handleValidationErrorsShape: toValidationError };

export const createAssignmentRuleAction = adminActionClient
  .inputSchema(ZCreateRuleInput, shape)
  .action(({ ctx, parsedInput }) => createAssignmentRule(ctx.user, parsedInput));

export const updateAssignmentRuleAction = adminActionClient
  .inputSchema(ZUpdateRuleInput, shape)
  .action(({ ctx, parsedInput }) => updateAssignmentRule(ctx.user, parsedInput));

export const setAssignmentRuleActiveAction = adminActionClient
  .inputSchema(ZSetRuleActiveInput, shape)
  .action(({ ctx, parsedInput }) => setAssignmentRuleActive(ctx.user, parsedInput));

export const deleteAssignmentRuleAction = adminActionClient
  .inputSchema(ZRuleId, shape)
  .action(({ ctx, parsedInput }) => deleteAssignmentRule(ctx.user, parsedInput));

export const reorderAssignmentRulesAction = adminActionClient
  .inputSchema(ZReorderRulesInput, shape)
  .action(({ ctx, parsedInput }) => reorderAssignmentRules(ctx.user, parsedInput));

export const dryRunAssignmentRulesAction = adminActionClient
  .inputSchema(ZDryRunInput, shape)
  .action(({ ctx, parsedInput }) => dryRunAssignmentRules(ctx.user, parsedInput));
