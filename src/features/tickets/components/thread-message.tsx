import { Lock } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { LinkedText } from "@/components/text/linked-text";
import { cn } from "@/lib/cn";
import type { TAttachmentItem } from "../dto";
import { AttachmentList } from "./attachment-list";

export type TMessageTone = "student" | "support" | "internal";

const TONE_CLASS: Record<TMessageTone, string> = {
  student: "border-slate-200 bg-white",
  support: "border-brand-100 bg-brand-50",
  // Internal notes must never be mistaken for a reply the student sees.
  internal: "border-amber-300 border-dashed bg-amber-50",
};

/** One post of a ticket's conversation: who, when, the text as written, and its files. */
export function ThreadMessage({
  id,
  author,
  tone,
  createdAt,
  body,
  attachments,
  kind,
}: {
  id: string;
  author: string;
  tone: TMessageTone;
  createdAt: Date;
  body: string;
  attachments: readonly TAttachmentItem[];
  /** A short label above the text, e.g. "Demande initiale". */
  kind?: string;
}) {
  const t = useTranslations("tickets.thread");
  const format = useFormatter();
  return (
    <li>
      <article
        id={`message-${id}`}
        aria-labelledby={`message-${id}-author`}
        className={cn("min-w-0 rounded-lg border p-3 sm:p-4", TONE_CLASS[tone])}
        data-testid={tone === "internal" ? "internal-note" : "thread-message"}
        data-tone={tone}
      >
        <header className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
          <h3 id={`message-${id}-author`} className="flex items-center gap-1.5 text-sm font-semibold">
            {tone === "internal" ? <Lock aria-hidden="true" className="size-3.5 text-amber-800" /> : null}
            <span>{author}</span>
            {tone === "internal" ? (
              <span className="rounded bg-amber-200 px-1.5 py-0.5 text-xs font-medium text-amber-950">
                {t("internalNote")}
              </span>
            ) : null}
            {kind ? <span className="text-xs font-normal text-slate-600">· {kind}</span> : null}
          </h3>
          <time dateTime={createdAt.toISOString()} className="text-xs text-slate-600">
            {format.dateTime(createdAt, { dateStyle: "medium", timeStyle: "short" })}
          </time>
        </header>
        {/* Paragraphs and line breaks as written; addresses as safe links (never HTML). */}
        <p className="mt-2 text-sm break-words whitespace-pre-wrap text-slate-900" data-testid="message-body">
          <LinkedText text={body} />
        </p>
        <AttachmentList attachments={attachments} />
      </article>
    </li>
  );
}

/** Files grouped by the message they came with; key "" holds the ticket's own files. */
export function attachmentsByMessage(attachments: readonly TAttachmentItem[]): Map<string, TAttachmentItem[]> {
  const groups = new Map<string, TAttachmentItem[]>();
  for (const file of attachments) {
    const key = file.messageId ?? "";
    groups.set(key, [...(groups.get(key) ?? []), file]);
  }
  return groups;
}
