// Client-safe values of the auto-assignment rules (migration 0027 checks the same lists).

export const RULE_STRATEGIES = ["single", "round_robin", "least_open"] as const;
export type TRuleStrategy = (typeof RULE_STRATEGIES)[number];

/** The student's linked context a rule may ask for ("any": no condition). */
export const RULE_CONTEXTS = ["any", "appointment", "order", "none"] as const;
export type TRuleContext = (typeof RULE_CONTEXTS)[number];

export const RULE_NAME_MAX = 120;
export const RULE_WORDS_MAX = 20;
export const RULE_WORD_MAX = 60;
export const RULE_ADMINS_MAX = 50;
export const CAPACITY_MAX = 10000;
