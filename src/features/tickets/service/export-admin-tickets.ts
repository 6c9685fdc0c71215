import "server-only";
import type { TLocale } from "@/i18n/routing";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { streamRowsAsUser } from "@/server/db/cursor-stream";
import { withUser } from "@/server/db/with-user";
import { CSV_BOM, csvLine } from "@/server/http/csv";
import { translatorFor } from "@/server/http/locale";
import { adminExportQuery, type TAdminExportRow } from "../repository";
import type { TAdminTicketsQuery } from "../schemas";
import { adminListFiltersFor, adminSortOf } from "./get-all-support-tickets";

/** Rows fetched from the cursor per round trip. */
export const EXPORT_BATCH_SIZE = 1000;

/**
 * The admin list as CSV (issue 16), with the list's own filters and sort: every matching ticket,
 * streamed from a server-side cursor in the admin's RLS transaction, never held in memory.
 * Headers and status / priority / category words in `locale`; dates ISO 8601 (UTC).
 */
export async function exportAdminTickets(
  user: TSessionUser,
  query: Omit<TAdminTicketsQuery, "cursor">,
  locale: TLocale,
): Promise<ReadableStream<Uint8Array>> {
  assertRole(user, "admin");
  // Rare search words become ticket ids first (as the list does), in their own short transaction.
  const filters = await withUser(user, (tx) => adminListFiltersFor(tx, query));
  const t = translatorFor(locale, "tickets");
  const tStatus = translatorFor(locale, "status");
  const tPriority = translatorFor(locale, "priority");
  const header = csvLine([
    t("export.number"),
    t("export.subject"),
    t("export.status"),
    t("export.priority"),
    t("export.category"),
    t("export.student"),
    t("export.studentEmail"),
    t("export.assignee"),
    t("export.createdAt"),
    t("export.updatedAt"),
    t("export.resolvedAt"),
  ]);
  const iso = (value: string | Date | null) => (value === null ? null : new Date(value));
  return streamRowsAsUser<TAdminExportRow>(
    user,
    adminExportQuery(filters, adminSortOf(query.sort)),
    (rows) =>
      rows
        .map((row) =>
          csvLine([
            row.number,
            row.subject,
            tStatus(row.status),
            tPriority(row.priority),
            (locale === "en" ? row.category_label_en : row.category_label_fr) ?? row.category,
            row.student_name,
            row.student_email,
            row.assignee_name,
            iso(row.created_at),
            iso(row.updated_at),
            iso(row.resolved_at),
          ]),
        )
        .join(""),
    { prefix: CSV_BOM + header, batchSize: EXPORT_BATCH_SIZE },
  );
}
