"use client";

import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useAppAction } from "@/components/forms/use-app-action";
import { deleteViewAction } from "../actions/queue-actions";

/** Deletes one of the admin's own views (a small button beside it). */
export function DeleteViewButton({ viewId, name }: { viewId: string; name: string }) {
  const t = useTranslations("tickets.views");
  const tErrors = useTranslations("tickets.errors");
  const remove = useAppAction(deleteViewAction, { networkMessage: tErrors("network"), refresh: true });
  return (
    <button
      type="button"
      className="inline-flex size-8 items-center justify-center rounded-full text-slate-600 hover:bg-slate-100 hover:text-slate-900 disabled:opacity-50"
      aria-label={t("delete", { name })}
      disabled={remove.busy}
      onClick={() => remove.execute({ viewId })}
    >
      <X aria-hidden="true" className="size-4" />
    </button>
  );
}
