"use client";

import { MessageSquareText } from "lucide-react";
import { useTranslations } from "next-intl";
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { listCannedRepliesAction, renderCannedReplyAction } from "../actions/canned-reply-actions";
import type { TCannedReply } from "../dto";

/** Lowercased, without accents: "é" finds "e", "Remboursement" finds "rembour". */
function folded(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}

/**
 * The canned-reply picker of the admin reply box: a Radix popover holding a combobox (a search
 * box and a list of replies, most used first). The arrow keys move through the list, Enter
 * inserts, Escape closes and gives the focus back to the reply box. The reply comes back from
 * the server filled for this ticket, in its student's language; `onInsert` puts it in the box.
 */
export function CannedReplyPicker({
  ticketId,
  open,
  onOpenChange,
  onInsert,
  onClosed,
}: {
  ticketId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onInsert: (text: string) => void;
  /** Where the focus goes when the picker closes (the reply box). */
  onClosed: () => void;
}) {
  const t = useTranslations("cannedReplies.picker");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  const [replies, setReplies] = useState<TCannedReply[] | null>(null);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [notice, setNotice] = useState<TNotice | null>(null);

  const list = useAppAction(listCannedRepliesAction, {
    networkMessage: tErrors("network"),
    onSuccess: (data) => setReplies(data),
    onError: (error) => setNotice({ tone: "error", text: error.message }),
  });
  const render = useAppAction(renderCannedReplyAction, {
    networkMessage: tErrors("network"),
    onSuccess: (data) => {
      onInsert(data.text);
      onOpenChange(false);
    },
    onError: (error) => setNotice({ tone: "error", text: error.message }),
  });

  const matches = useMemo(() => {
    const words = folded(query).split(/\s+/).filter(Boolean);
    return (replies ?? []).filter((reply) => {
      const text = folded(`${reply.title} ${reply.bodyFr} ${reply.bodyEn}`);
      return words.every((word) => text.includes(word));
    });
  }, [replies, query]);
  const current = Math.min(active, Math.max(0, matches.length - 1));

  // Each opening reads the list again (a reply a colleague just shared is there), whether the
  // button opened it or the reply box's "/" shortcut (the parent sets `open`).
  const load = useRef(list.execute);
  load.current = list.execute;
  useEffect(() => {
    if (!open) return;
    setQuery("");
    setActive(0);
    setNotice(null);
    load.current(undefined);
  }, [open]);

  function choose(reply: TCannedReply | undefined) {
    if (!reply || render.busy) return;
    setNotice(null);
    render.execute({ id: reply.id, ticketId });
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (matches.length === 0) return;
      const delta = event.key === "ArrowDown" ? 1 : -1;
      setActive((current + delta + matches.length) % matches.length);
    } else if (event.key === "Home" || event.key === "End") {
      if (matches.length === 0) return;
      event.preventDefault();
      setActive(event.key === "Home" ? 0 : matches.length - 1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(matches[current]);
    }
  }

  const optionId = (index: number) => `${id}-option-${index}`;
  const loading = replies === null && list.busy;

  return (
    <Popover open={open} onOpenChange={onOpenChange}>
      <PopoverTrigger asChild>
        <Button type="button" variant="secondary" size="sm" data-testid="canned-reply-button">
          <MessageSquareText aria-hidden="true" className="size-4" />
          {t("button")}
        </Button>
      </PopoverTrigger>
      <PopoverContent
        aria-label={t("title")}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          onClosed();
        }}
        data-testid="canned-reply-picker"
      >
        <label htmlFor={`${id}-search`} className="mb-1 block text-sm font-medium">
          {t("search")}
        </label>
        <input
          id={`${id}-search`}
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={matches.length > 0 ? optionId(current) : undefined}
          aria-describedby={`${id}-hint`}
          autoComplete="off"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          className="block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base focus-visible:border-brand-600 sm:text-sm"
        />
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {t("hint")}
        </p>
        <div
          id={`${id}-list`}
          role="listbox"
          aria-label={t("listLabel")}
          aria-busy={loading || render.busy}
          className="mt-2 max-h-64 space-y-1 overflow-y-auto"
        >
          {matches.map((reply, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox's input handles the keys (aria-activedescendant).
            <div
              key={reply.id}
              id={optionId(index)}
              role="option"
              tabIndex={-1}
              aria-selected={index === current}
              onMouseMove={() => setActive(index)}
              onClick={() => choose(reply)}
              className={`cursor-pointer rounded px-2 py-1.5 text-sm ${index === current ? "bg-brand-50 ring-2 ring-brand-600" : ""}`}
              data-testid="canned-reply-option"
            >
              <span className="block font-medium break-words">{reply.title}</span>
              <span className="block truncate text-xs text-slate-600">
                {reply.isShared ? t("shared") : t("personal")} · {t("uses", { count: reply.usageCount })}
              </span>
            </div>
          ))}
        </div>
        {loading ? <p className="mt-2 text-sm text-slate-600">{t("loading")}</p> : null}
        {replies !== null && matches.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600" role="status">
            {replies.length === 0 ? t("none") : t("noMatch")}
          </p>
        ) : null}
        <Notice notice={notice} />
      </PopoverContent>
    </Popover>
  );
}
