import { z } from "zod";
import { refuseNulBytes } from "@/lib/nul-bytes";
import { SUBJECT_MAX } from "@/lib/ticket-values";
import {
  RULE_ADMINS_MAX,
  RULE_CONTEXTS,
  RULE_NAME_MAX,
  RULE_STRATEGIES,
  RULE_WORD_MAX,
  RULE_WORDS_MAX,
} from "./rule-values";

// Client-safe input schemas of the rules page; messages are keys under `validation.*`.

const ZUuid = z.string().uuid({ message: "invalidId" });

export const ZRuleFields = z
  .object({
    name: refuseNulBytes(
      z
        .string({ message: "ruleNameRequired" })
        .trim()
        .min(1, { message: "ruleNameRequired" })
        .max(RULE_NAME_MAX, { message: "ruleNameTooLong" }),
    ),
    /** "" = any category. */
    category: z
      .string()
      .trim()
      .max(64, { message: "categoryInvalid" })
      .transform((v) => (v ? v : null)),
    /** Comma-separated words or phrases; any of them in the subject matches. */
    subjectWords: refuseNulBytes(z.string().max(RULE_WORDS_MAX * (RULE_WORD_MAX + 2), { message: "ruleWordsInvalid" }))
      .transform((v) =>
        [
          ...new Set(
            v
              .split(",")
              .map((word) => word.trim())
              .filter(Boolean),
          ),
        ].slice(0, RULE_WORDS_MAX + 1),
      )
      .refine((words) => words.length <= RULE_WORDS_MAX && words.every((word) => word.length <= RULE_WORD_MAX), {
        message: "ruleWordsInvalid",
      }),
    context: z.enum(RULE_CONTEXTS, { message: "ruleContextInvalid" }),
    strategy: z.enum(RULE_STRATEGIES, { message: "ruleStrategyInvalid" }),
    adminIds: z
      .array(ZUuid)
      .min(1, { message: "ruleAdminsRequired" })
      .max(RULE_ADMINS_MAX, { message: "ruleAdminsTooMany" })
      .transform((ids) => [...new Set(ids)]),
    isActive: z.boolean().optional().default(true),
  })
  .refine((rule) => rule.strategy !== "single" || rule.adminIds.length === 1, {
    message: "ruleSingleNeedsOne",
    path: ["adminIds"],
  });
export type TRuleFieldsInput = z.input<typeof ZRuleFields>;
export type TRuleFields = z.output<typeof ZRuleFields>;

export const ZCreateRuleInput = ZRuleFields;
export const ZUpdateRuleInput = z.intersection(ZRuleFields, z.object({ id: ZUuid }));
export type TUpdateRuleInput = z.output<typeof ZUpdateRuleInput>;

export const ZRuleId = z.object({ id: ZUuid });
export type TRuleIdInput = z.input<typeof ZRuleId>;

export const ZSetRuleActiveInput = z.object({ id: ZUuid, isActive: z.boolean() });
export type TSetRuleActiveInput = z.input<typeof ZSetRuleActiveInput>;

export const ZReorderRulesInput = z.object({ ids: z.array(ZUuid).min(1).max(500) });
export type TReorderRulesInput = z.input<typeof ZReorderRulesInput>;

/** "Which admin would get this ticket?" */
export const ZDryRunInput = z.object({
  category: z.string().trim().min(1, { message: "categoryRequired" }).max(64, { message: "categoryInvalid" }),
  subject: refuseNulBytes(z.string().max(SUBJECT_MAX, { message: "subjectTooLong" })),
  context: z.enum(["appointment", "order", "none"], { message: "ruleContextInvalid" }),
});
export type TDryRunInput = z.input<typeof ZDryRunInput>;
