"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { deleteCannedReplyAction } from "../actions/canned-reply-actions";
import type { TCannedReply } from "../dto";
import { CannedReplyForm } from "./canned-reply-form";

/** The admin's replies and the team's, most used first: edit in place, delete, write a new one. */
export function CannedReplyManager({ replies }: { replies: TCannedReply[] }) {
  const t = useTranslations("cannedReplies");
  const tErrors = useTranslations("tickets.errors");
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<TNotice | null>(null);
  const remove = useAppAction(deleteCannedReplyAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: () => setNotice({ tone: "success", text: t("deleted") }),
    onError: (error) => setNotice({ tone: "error", text: error.message }),
  });

  return (
    <div className="space-y-6">
      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="canned-new">
        <h2 id="canned-new" className="text-base font-semibold">
          {t("form.createTitle")}
        </h2>
        <CannedReplyForm />
      </section>
      <section className="space-y-3" aria-labelledby="canned-list">
        <h2 id="canned-list" className="text-base font-semibold">
          {t("listTitle")}
        </h2>
        <Notice notice={notice} />
        {replies.length === 0 ? <p className="text-sm text-slate-600">{t("empty")}</p> : null}
        <ul className="space-y-3">
          {replies.map((reply) => (
            <li
              key={reply.id}
              className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
              data-testid="canned-reply-row"
            >
              {editing === reply.id ? (
                <CannedReplyForm reply={reply} onDone={() => setEditing(null)} />
              ) : (
                <>
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <h3 className="font-medium break-words">{reply.title}</h3>
                    <div className="flex gap-2">
                      <Badge tone={reply.isShared ? "green" : "neutral"}>
                        {reply.isShared ? t("shared") : t("personal")}
                      </Badge>
                      <Badge tone="neutral">{t("uses", { count: reply.usageCount })}</Badge>
                    </div>
                  </div>
                  <p className="text-sm whitespace-pre-wrap break-words text-slate-700">{reply.bodyFr}</p>
                  <p className="text-sm whitespace-pre-wrap break-words text-slate-600" lang="en">
                    {reply.bodyEn}
                  </p>
                  {!reply.isMine && reply.ownerName ? (
                    <p className="text-xs text-slate-600">{t("by", { name: reply.ownerName })}</p>
                  ) : null}
                  <div className="flex flex-wrap gap-2">
                    <Button type="button" variant="secondary" size="sm" onClick={() => setEditing(reply.id)}>
                      {t("edit")}
                      <span className="sr-only"> {reply.title}</span>
                    </Button>
                    <Button
                      type="button"
                      variant="ghost"
                      size="sm"
                      aria-disabled={remove.busy}
                      onClick={() => {
                        if (remove.busy) return;
                        if (window.confirm(t("confirmDelete", { title: reply.title })))
                          remove.execute({ id: reply.id });
                      }}
                    >
                      {t("delete")}
                      <span className="sr-only"> {reply.title}</span>
                    </Button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
