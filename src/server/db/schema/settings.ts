import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";

/**
 * The one row of settings admins change in the app (migration 0030). Secrets are stored
 * encrypted by the app (src/server/security/secret-box.ts); environment variables still win.
 */
export const appSettings = pgTable(
  "app_settings",
  {
    id: boolean("id").primaryKey().default(true),
    webhookUrlCipher: text("webhook_url_cipher"),
    webhookUrlHint: text("webhook_url_hint"),
    webhookApiKeyCipher: text("webhook_api_key_cipher"),
    webhookSigningSecretCipher: text("webhook_signing_secret_cipher"),
    /** null: every type. */
    webhookEventTypes: text("webhook_event_types").array(),
    webhookIncludeInternal: boolean("webhook_include_internal").notNull().default(false),
    supportEmail: text("support_email"),
    supportPhone: text("support_phone"),
    supportHours: text("support_hours"),
    /** 0 = never. */
    autoCloseDays: integer("auto_close_days").notNull().default(7),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    check("app_settings_id_check", sql`${t.id}`),
    check("app_settings_auto_close_days_check", sql`${t.autoCloseDays} between 0 and 365`),
  ],
);
