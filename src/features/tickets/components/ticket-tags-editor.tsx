"use client";

import { Tag, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { addTicketTagAction, removeTicketTagAction } from "../actions/queue-actions";
import type { TTag } from "../dto";

/** A ticket's tags on its admin page: add one (a new name creates it), take one off. */
export function TicketTagsEditor({ ticketId, tags, allTags }: { ticketId: string; tags: TTag[]; allTags: TTag[] }) {
  const t = useTranslations("tickets.tags");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  const [name, setName] = useState("");
  const [notice, setNotice] = useState<TNotice | null>(null);
  const onError = (error: { message: string; fieldErrors?: Record<string, string> }) =>
    setNotice({ tone: "error", text: error.fieldErrors?.name ?? error.message });
  const add = useAppAction(addTicketTagAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: (_data, input) => {
      setName("");
      setNotice({ tone: "success", text: t("added", { name: input.name ?? "" }) });
    },
    onError,
  });
  const remove = useAppAction(removeTicketTagAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: (_data, input) =>
      setNotice({
        tone: "success",
        text: t("removed", { name: tags.find((tag) => tag.id === input.tagId)?.name ?? "" }),
      }),
    onError,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim() || add.busy) return;
    add.execute({ ticketId, name: name.trim() });
  }

  return (
    <div className="space-y-3" data-testid="ticket-tags-editor">
      {tags.length === 0 ? (
        <p className="text-sm text-slate-600">{t("none")}</p>
      ) : (
        <ul className="flex flex-wrap gap-1.5" aria-label={t("title")} data-testid="ticket-tags">
          {tags.map((tag) => (
            <li
              key={tag.id}
              className="inline-flex items-center gap-1 rounded border border-slate-300 bg-white py-0.5 pr-0.5 pl-1.5 text-sm"
              data-testid="ticket-tag"
            >
              <Tag aria-hidden="true" className="size-3.5" />
              {tag.name}
              <button
                type="button"
                className="inline-flex size-7 items-center justify-center rounded text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                aria-label={t("remove", { name: tag.name })}
                disabled={remove.busy}
                onClick={() => remove.execute({ ticketId, tagId: tag.id })}
              >
                <X aria-hidden="true" className="size-3.5" />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="space-y-1" noValidate>
        <Label htmlFor={`${id}-name`}>{t("add")}</Label>
        <div className="flex gap-2">
          <Input
            id={`${id}-name`}
            value={name}
            maxLength={40}
            list={`${id}-known`}
            onChange={(event) => setName(event.target.value)}
            aria-describedby={`${id}-hint`}
          />
          <Button type="submit" variant="secondary" disabled={add.busy}>
            {t("addButton")}
          </Button>
        </div>
        <datalist id={`${id}-known`}>
          {allTags.map((tag) => (
            <option key={tag.id} value={tag.name} />
          ))}
        </datalist>
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {t("hint")}
        </p>
      </form>
      <Notice notice={notice} look="text" />
    </div>
  );
}
