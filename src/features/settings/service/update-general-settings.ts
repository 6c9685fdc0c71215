import "server-only";
import { recordAuditEvent } from "@/server/audit/audit-log";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { updateGeneralSettings } from "../repository";
import { type TUpdateGeneralSettingsInput, ZUpdateGeneralSettingsInput } from "../schemas";

/** Saves the support contact and the auto-close delay; audited (names of settings only). */
export async function updateGeneralSettingsOf(user: TSessionUser, input: TUpdateGeneralSettingsInput): Promise<void> {
  assertRole(user, "admin");
  const values = ZUpdateGeneralSettingsInput.parse(input);
  await withUser(user, async (tx) => {
    await updateGeneralSettings(tx, {
      supportEmail: values.supportEmail || null,
      supportPhone: values.supportPhone || null,
      supportHours: values.supportHours || null,
      autoCloseDays: values.autoCloseDays,
    });
    await recordAuditEvent(tx, {
      type: "settings_changed",
      detail: { setting: "general", auto_close_days: values.autoCloseDays },
    });
  });
}
