"use client";

import { useTranslations } from "next-intl";
import { LoadMoreFooter } from "@/components/lists/load-more-footer";
import { useLoadMore } from "@/components/lists/use-load-more";
import { listUsersAction } from "../actions/account-actions";
import type { TUserListItem, TUserListPage } from "../dto";
import { UserRow } from "./user-row";

/** The accounts, newest first; "Charger plus" appends keyset pages of the same search. */
export function UserList({ initialPage, q, selfId }: { initialPage: TUserListPage; q?: string; selfId: string }) {
  const t = useTranslations("users");
  const list = useLoadMore<TUserListItem, HTMLUListElement>({
    initialItems: initialPage.items,
    initialCursor: initialPage.nextCursor,
    loadPage: (cursor) => listUsersAction({ q, cursor }),
    loadedMessage: (count) => t("loadedMore", { count }),
    networkMessage: t("loadFailed"),
  });

  if (list.items.length === 0) return <p className="py-6 text-slate-600">{q ? t("emptySearch") : t("empty")}</p>;
  return (
    <div className="space-y-4">
      <ul ref={list.listRef} className="divide-y divide-slate-200" data-testid="user-list">
        {list.items.map((item) => (
          <UserRow key={item.id} item={item} isSelf={item.id === selfId} />
        ))}
      </ul>
      <LoadMoreFooter
        {...list.footer}
        onLoadMore={list.loadMore}
        labels={{ loadMore: t("loadMore"), loadingMore: t("loadingMore"), noMore: t("noMore") }}
      />
    </div>
  );
}
