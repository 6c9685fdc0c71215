/**
 * The message namespaces each page sends to its client components (issue 18): the whole
 * catalogue (29 KB of JSON, admin strings included) went to every page before. A page wraps its
 * content in <ClientMessages scope="…"> (./client-messages.tsx); a nested provider replaces the
 * root one's messages, so a scope lists everything its page's client components read.
 * tests/unit/client-messages.test.ts reads every client component's useTranslations("…") and
 * fails when a page renders one whose namespace its scope does not list (or a scope lists one
 * nobody reads): add a client component, run the unit tests, and they name what to add here.
 */
export const CLIENT_NAMESPACES = {
  /** The root layout: the header's navigation, the error boundary. */
  root: ["nav", "errors", "availability", "notifications"],
  signIn: ["auth", "errors", "nav", "validation"],
  studentTickets: ["tickets.studentList", "tickets.errors", "ticket", "student", "status", "priority"],
  newTicket: ["tickets.newTicket", "tickets.errors", "validation", "availability", "attachments"],
  studentTicket: [
    "tickets.reply",
    "tickets.close",
    "tickets.errors",
    "validation",
    "availability",
    "attachments",
    "live",
    "tickets.rating",
    "cannedReplies.picker",
  ],
  adminTickets: [
    "tickets.adminList",
    "tickets.errors",
    "status",
    "priority",
    "student",
    "live",
    "tickets.views",
    "tickets.bulk",
    "errors",
    "validation",
    "sla.badge",
    "sla.clocks",
    "users.studentPicker",
  ],
  adminTicket: [
    "tickets.adminTicket.controls",
    "tickets.reply",
    "tickets.errors",
    "validation",
    "availability",
    "attachments",
    "status",
    "priority",
    "live",
    "tickets.tags",
    "cannedReplies.picker",
    "tickets.mergeForm",
    "sla.badge",
    "sla.clocks",
  ],
  categories: ["tickets.categories", "tickets.errors"],
  email: ["email", "assignment.availability", "tickets.errors"],
  auditLog: ["audit"],
  webhooks: ["webhooks"],
  webhookDelivery: ["webhooks.actions"],
  analytics: ["analytics"],
  assignmentRules: ["assignment", "tickets.errors"],
  settings: ["settings.webhook", "webhooks.types", "settings.general"],
  cannedReplies: ["cannedReplies", "tickets.errors"],
  tags: ["tagManager", "tickets.errors"],
  sla: ["sla.settings", "priority", "tickets.errors"],
  users: ["users", "roles"],
  invitation: ["invitation", "users", "nav"],
  passwordReset: ["passwordReset", "errors", "nav"],
  signUp: ["signUp", "errors", "nav"],
} as const satisfies Record<string, readonly string[]>;

export type TClientScope = keyof typeof CLIENT_NAMESPACES;
