"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { AttachmentPicker, appendAttachments, UploadProgress } from "@/features/attachments/components";
import { sendMultipart, type TUploadProgress } from "@/features/attachments/upload-client";
import { useRouter } from "@/i18n/navigation";
import { MESSAGE_MAX } from "../constants";
import type { TAddedMessage } from "../service/add-ticket-message";

type TNotice = { tone: "success" | "error"; text: string } | null;

/**
 * Reply to a ticket, with files. Students always reply publicly (a reply on a resolved
 * request reopens it); admins can tick "Note interne". The text stays in the box when
 * sending fails; the conversation refreshes when it succeeds.
 */
export function ReplyForm({
  ticketId,
  allowInternal = false,
  internalOnly = false,
  reopensOnReply = false,
}: {
  ticketId: string;
  allowInternal?: boolean;
  /** A closed ticket takes no public reply, but the team can still add notes to it. */
  internalOnly?: boolean;
  reopensOnReply?: boolean;
}) {
  const t = useTranslations("tickets.reply");
  const tErrors = useTranslations("tickets.errors");
  const tValidation = useTranslations("validation");
  const router = useRouter();
  const id = useId();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [message, setMessage] = useState("");
  const [isInternalChoice, setIsInternal] = useState(false);
  const isInternal = internalOnly || isInternalChoice;
  const [files, setFiles] = useState<File[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<TNotice>(null);
  const [progress, setProgress] = useState<TUploadProgress | null>(null);
  const [pending, setPending] = useState(false);
  const [filesKey, setFilesKey] = useState(0);
  const [attempt, setAttempt] = useState(0);

  const length = message.trim().length;
  const messageError = fieldErrors.message;
  const filesError = fieldErrors.files;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setNotice(null);
    setAttempt((n) => n + 1);
    const trimmed = message.trim();
    if (trimmed.length === 0 || trimmed.length > MESSAGE_MAX) {
      setFieldErrors({ message: tValidation(trimmed.length === 0 ? "messageTooShort" : "messageTooLong") });
      textareaRef.current?.focus();
      return;
    }
    setFieldErrors({});
    setPending(true);
    setProgress(files.length > 0 ? { loaded: 0, total: 1 } : null);
    const form = new FormData();
    form.set("message", message);
    form.set("isInternal", allowInternal && isInternal ? "true" : "false");
    appendAttachments(form, files);
    try {
      const result = await sendMultipart<TAddedMessage>(
        `/api/tickets/${ticketId}/messages`,
        form,
        files.length > 0 ? setProgress : undefined,
      );
      if (!result.ok) {
        const errors = "fieldErrors" in result && result.fieldErrors ? result.fieldErrors : {};
        setFieldErrors(errors);
        const text = result.code === "NETWORK" ? tErrors("network") : result.message;
        setNotice({ tone: "error", text });
        if (errors.message) textareaRef.current?.focus();
        return;
      }
      const internal = allowInternal && isInternal;
      setMessage("");
      setFiles([]);
      setFilesKey((key) => key + 1);
      setIsInternal(false);
      setNotice({
        tone: "success",
        text: internal
          ? t("noteAdded")
          : reopensOnReply && result.data.status === "open"
            ? t("sentReopened")
            : t("sent"),
      });
      router.refresh();
    } finally {
      setPending(false);
      setProgress(null);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-labelledby={`${id}-title`} data-testid="reply-form">
      <h2 id={`${id}-title`} className="text-base font-semibold">
        {allowInternal ? t("titleAdmin") : t("title")}
      </h2>
      {reopensOnReply ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900">{t("reopenHint")}</p>
      ) : null}
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-message`}>{allowInternal && isInternal ? t("noteLabel") : t("messageLabel")}</Label>
        <Textarea
          ref={textareaRef}
          id={`${id}-message`}
          name="message"
          rows={5}
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          aria-invalid={messageError ? true : undefined}
          aria-describedby={`${id}-message-count${messageError ? ` ${id}-message-error` : ""}`}
          className={allowInternal && isInternal ? "border-amber-400 bg-amber-50" : undefined}
        />
        <div className="flex flex-wrap justify-between gap-2 text-xs">
          <p id={`${id}-message-error`} className="text-sm text-red-700">
            {messageError ?? null}
          </p>
          <p
            id={`${id}-message-count`}
            className={length > MESSAGE_MAX ? "text-red-700" : "text-slate-600"}
            aria-live={length > MESSAGE_MAX - 100 ? "polite" : "off"}
          >
            {t("count", { count: length, max: MESSAGE_MAX })}
          </p>
        </div>
      </div>
      {allowInternal ? (
        <div className="flex items-start gap-2">
          <input
            id={`${id}-internal`}
            type="checkbox"
            checked={isInternal}
            disabled={internalOnly}
            onChange={(event) => setIsInternal(event.target.checked)}
            className="mt-0.5 size-5 shrink-0 accent-amber-600"
            aria-describedby={`${id}-internal-hint`}
          />
          <div>
            <Label htmlFor={`${id}-internal`}>{t("internal")}</Label>
            <p id={`${id}-internal-hint`} className="text-xs text-slate-600">
              {internalOnly ? t("internalOnlyHint") : t("internalHint")}
            </p>
          </div>
        </div>
      ) : null}
      <AttachmentPicker
        key={filesKey}
        files={files}
        onChange={setFiles}
        error={filesError}
        disabled={pending}
        label={t("files")}
      />
      <UploadProgress progress={progress} />
      {notice?.tone === "error" ? <Alert key={attempt}>{notice.text}</Alert> : null}
      <div role="status" aria-live="polite">
        {notice?.tone === "success" ? (
          <p className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900">
            {notice.text}
          </p>
        ) : null}
      </div>
      <Button type="submit" aria-disabled={pending} aria-busy={pending} className="w-full sm:w-auto">
        {pending ? t("sending") : allowInternal && isInternal ? t("submitNote") : t("submit")}
      </Button>
    </form>
  );
}
