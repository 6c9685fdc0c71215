"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import {
  AttachmentPicker,
  appendAttachments,
  sendMultipart,
  submissionKeyFor,
  type TSubmissionKey,
  type TUploadProgress,
  UploadProgress,
} from "@/features/attachments/components";
import { CannedReplyPicker } from "@/features/canned-replies/components";
import { useRouter } from "@/i18n/navigation";
import { firstErrorPerField } from "@/lib/field-errors";
import { MESSAGE_MAX } from "../constants";
import { ZAddMessageInput } from "../schemas";

/** What POST /api/tickets/{id}/messages answers with (its JSON). */
type TAddedMessage = { messageId: string; status: string };

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
  withCannedReplies = false,
  seenUpTo,
}: {
  ticketId: string;
  /**
   * Admins: the newest message of the thread on screen ("none": empty). The server refuses the
   * reply if another admin answered after it; the form then shows who, refreshes the thread and
   * offers "Envoyer quand même".
   */
  seenUpTo?: string;
  allowInternal?: boolean;
  /** Admins: the canned-reply picker (its button, and "/" typed at the start of the box). */
  withCannedReplies?: boolean;
  /** A closed ticket takes no public reply, but the team can still add notes to it. */
  internalOnly?: boolean;
  reopensOnReply?: boolean;
}) {
  const t = useTranslations("tickets.reply");
  const tErrors = useTranslations("tickets.errors");
  const tAvailability = useTranslations("availability");
  const tValidation = useTranslations("validation");
  const router = useRouter();
  const id = useId();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [message, setMessage] = useState("");
  const [isInternalChoice, setIsInternal] = useState(false);
  const isInternal = internalOnly || isInternalChoice;
  const [files, setFiles] = useState<File[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<TNotice | null>(null);
  const [progress, setProgress] = useState<TUploadProgress | null>(null);
  const [pending, setPending] = useState(false);
  const [filesKey, setFilesKey] = useState(0);
  const [attempt, setAttempt] = useState(0);
  // One Idempotency-Key per submission, reused when the same content is sent again.
  const submission = useRef<TSubmissionKey | null>(null);
  const [pickerOpen, setPickerOpen] = useState(false);
  // Another admin answered after what was on screen: the server's message, until sent or changed.
  const [conflict, setConflict] = useState<string | null>(null);
  const sendAnyway = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  // Where the picked reply goes: the selection when the picker opened.
  const insertAt = useRef<{ start: number; end: number }>({ start: 0, end: 0 });

  function openPicker(next: boolean) {
    const box = textareaRef.current;
    if (next && box) insertAt.current = { start: box.selectionStart, end: box.selectionEnd };
    setPickerOpen(next);
  }

  function insertReply(text: string) {
    const { start, end } = insertAt.current;
    const caret = start + text.length;
    setMessage((current) => current.slice(0, start) + text + current.slice(end));
    insertAt.current = { start: caret, end: caret };
  }

  function focusBox() {
    const box = textareaRef.current;
    if (!box) return;
    box.focus();
    const { start } = insertAt.current;
    // After React has put the inserted text in the box.
    requestAnimationFrame(() => box.setSelectionRange(start, start));
  }

  function onBoxKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    const box = event.currentTarget;
    if (
      withCannedReplies &&
      event.key === "/" &&
      !event.ctrlKey &&
      !event.metaKey &&
      !event.altKey &&
      box.selectionStart === 0 &&
      box.selectionEnd === 0
    ) {
      event.preventDefault();
      openPicker(true);
    }
  }

  const length = message.trim().length;
  const messageError = fieldErrors.message;
  const filesError = fieldErrors.files;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setNotice(null);
    setAttempt((n) => n + 1);
    // The server's own schema, run before sending.
    const parsed = ZAddMessageInput.safeParse({ ticketId, message, isInternal: allowInternal && isInternal });
    const messageKey = parsed.success ? undefined : firstErrorPerField(parsed.error).message;
    if (messageKey) {
      setFieldErrors({ message: tValidation(messageKey) });
      textareaRef.current?.focus();
      return;
    }
    setFieldErrors({});
    setPending(true);
    setProgress(files.length > 0 ? { loaded: 0, total: 1 } : null);
    const form = new FormData();
    form.set("message", message);
    form.set("isInternal", allowInternal && isInternal ? "true" : "false");
    if (seenUpTo !== undefined) form.set("seenUpTo", seenUpTo);
    const anyway = sendAnyway.current;
    sendAnyway.current = false;
    if (anyway) form.set("sendAnyway", "true");
    appendAttachments(form, files);
    // "Send anyway" is another request than the refused one: it gets its own key.
    submission.current = submissionKeyFor(
      submission.current,
      { message, isInternal: String(form.get("isInternal")), sendAnyway: anyway ? "true" : "false" },
      files,
    );
    try {
      const result = await sendMultipart<TAddedMessage>(
        `/api/tickets/${ticketId}/messages`,
        form,
        files.length > 0 ? setProgress : undefined,
        undefined,
        submission.current.key,
      );
      if (!result.ok && result.code === "REPLY_CONFLICT") {
        // Their answer shows in the thread; the text stays here, to send after reading it.
        setConflict(result.message);
        router.refresh();
        return;
      }
      if (!result.ok) {
        const errors = "fieldErrors" in result && result.fieldErrors ? result.fieldErrors : {};
        setFieldErrors(errors);
        const text =
          result.code === "NETWORK"
            ? tErrors("network")
            : result.code === "UNAVAILABLE"
              ? tAvailability("uploadRetry")
              : result.message;
        setNotice({ tone: "error", text });
        if (errors.message) textareaRef.current?.focus();
        return;
      }
      submission.current = null;
      setConflict(null);
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
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="space-y-3"
      aria-labelledby={`${id}-title`}
      data-testid="reply-form"
    >
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
          onKeyDown={onBoxKeyDown}
          aria-invalid={messageError ? true : undefined}
          aria-describedby={`${id}-message-count${messageError ? ` ${id}-message-error` : ""}${withCannedReplies ? ` ${id}-canned-hint` : ""}`}
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
        {withCannedReplies ? (
          <div className="flex flex-wrap items-center gap-2">
            <CannedReplyPicker
              ticketId={ticketId}
              open={pickerOpen}
              onOpenChange={openPicker}
              onInsert={insertReply}
              onClosed={focusBox}
            />
            <p id={`${id}-canned-hint`} className="text-xs text-slate-600">
              {t("cannedHint")}
            </p>
          </div>
        ) : null}
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
        pasteTarget={textareaRef}
      />
      <UploadProgress progress={progress} />
      <Notice notice={notice} serial={attempt} />
      {conflict ? (
        <div
          role="alert"
          className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
          data-testid="reply-conflict"
        >
          <p>{conflict}</p>
          <Button
            type="button"
            size="sm"
            variant="secondary"
            onClick={() => {
              sendAnyway.current = true;
              formRef.current?.requestSubmit();
            }}
          >
            {t("sendAnyway")}
          </Button>
        </div>
      ) : null}
      <Button type="submit" aria-disabled={pending} aria-busy={pending} className="w-full sm:w-auto">
        {pending ? t("sending") : allowInternal && isInternal ? t("submitNote") : t("submit")}
      </Button>
    </form>
  );
}
