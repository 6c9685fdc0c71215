import "server-only";
import { eq, sql } from "drizzle-orm";
import { appSettings } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import type { TPublicSettings } from "./dto";

/** app.public_settings() (migration 0030): readable by anyone, admins or not, signed in or not. */
export async function selectPublicSettings(tx: TTx): Promise<TPublicSettings> {
  const result = await tx.execute<{
    support_email: string | null;
    support_phone: string | null;
    support_hours: string | null;
    auto_close_days: number;
  }>(sql`select support_email, support_phone, support_hours, auto_close_days from app.public_settings()`);
  const row = result.rows[0];
  return {
    supportContact: {
      email: row?.support_email ?? null,
      phone: row?.support_phone ?? null,
      hours: row?.support_hours ?? null,
    },
    autoCloseDays: row?.auto_close_days ?? 7,
  };
}

/** The general columns of app_settings (admins only, by RLS). */
export async function updateGeneralSettings(
  tx: TTx,
  values: {
    supportEmail: string | null;
    supportPhone: string | null;
    supportHours: string | null;
    autoCloseDays: number;
  },
): Promise<void> {
  const updated = await tx
    .update(appSettings)
    .set({ ...values, updatedAt: sql`now()`, updatedBy: sql`auth.uid()` })
    .where(eq(appSettings.id, true))
    .returning({ id: appSettings.id });
  if (updated.length === 0) throw new AppError("FORBIDDEN");
}
