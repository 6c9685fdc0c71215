import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { validationError } from "@/server/validation";
import type { TSavedView } from "../dto";
import { adminListFiltersOf, listParamsRecord, listSearchOf } from "../list-params";
import {
  countAdminTickets,
  deleteSavedView,
  findSavedView,
  insertSavedView,
  selectSavedViews,
  type TSavedViewRow,
} from "../repository";
import type { TSaveViewInput } from "../schemas";
import { adminListFiltersFor } from "./get-all-support-tickets";

/** A view's count stops here (shown as "50+"), like the dashboard's: each count reads at most 51 index entries. */
export const VIEW_COUNT_CAP = 50;

const toView = (row: TSavedViewRow, viewerId: string): TSavedView => ({
  id: row.id,
  name: row.name,
  isShared: row.isShared,
  isMine: row.ownerId === viewerId,
  search: listSearchOf(row.params),
});

/** The admin's views and the shared ones (admins only: students never see views). */
export async function listSavedViews(user: TSessionUser): Promise<TSavedView[]> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => (await selectSavedViews(tx, user.id)).map((row) => toView(row, user.id)));
}

/**
 * The same, each with how many tickets it shows, capped at VIEW_COUNT_CAP + 1, counted with
 * the list's own conditions in one transaction. A view whose filters no longer make a query
 * (e.g. a bad date typed in an old address) counts nothing.
 */
export async function listSavedViewsWithCounts(
  user: TSessionUser,
): Promise<{ views: (TSavedView & { count: number | null })[]; cap: number }> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const rows = await selectSavedViews(tx, user.id);
    const views = [];
    for (const row of rows) {
      const query = adminListFiltersOf(row.params).query;
      const count = query ? await countAdminTickets(tx, await adminListFiltersFor(tx, query), VIEW_COUNT_CAP) : null;
      views.push({ ...toView(row, user.id), count });
    }
    return { views, cap: VIEW_COUNT_CAP };
  });
}

/** A view to open (its filters, as the list's address parameters), or NOT_FOUND. */
export async function getSavedView(
  user: TSessionUser,
  viewId: string,
): Promise<TSavedView & { params: Record<string, string> }> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const row = await findSavedView(tx, viewId);
    if (!row) throw new AppError("NOT_FOUND");
    return { ...toView(row, user.id), params: row.params };
  });
}

/**
 * Saves the list's current filters and sort under a name: they are read like the list's
 * address (unknown values dropped), and refused when they do not make a query.
 */
export async function saveView(user: TSessionUser, input: TSaveViewInput): Promise<TSavedView> {
  assertRole(user, "admin");
  const filters = adminListFiltersOf(input.params);
  if (!filters.query) throw validationError("name", "invalidFilters");
  const params = listParamsRecord(filters.params);
  return withUser(user, async (tx) => {
    const id = await insertSavedView(tx, {
      ownerId: user.id,
      name: input.name,
      isShared: input.isShared ?? false,
      params,
    });
    return toView({ id, name: input.name, isShared: input.isShared ?? false, ownerId: user.id, params }, user.id);
  });
}

/** Deletes one of the admin's own views (another's, shared or not, is NOT_FOUND: RLS hides it from the delete). */
export async function deleteView(user: TSessionUser, viewId: string): Promise<{ deleted: true }> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    if (!(await deleteSavedView(tx, viewId))) throw new AppError("NOT_FOUND");
    return { deleted: true as const };
  });
}
