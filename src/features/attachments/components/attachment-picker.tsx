"use client";

import { Paperclip, Upload, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { type DragEvent, type RefObject, useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import {
  ACCEPT_ATTRIBUTE,
  ACCEPTED_LABELS,
  DEFAULT_MAX_FILES,
  DEFAULT_MAX_TOTAL_BYTES,
  MAX_FILE_BYTES,
} from "../limits";
import { addFiles, pastedImages, type TFileProblem } from "./file-checks";
import { useFormatBytes } from "./use-format-bytes";

export type TAttachmentPickerProps = {
  /** The chosen files (controlled): send them with appendAttachments(form, files). */
  files: File[];
  onChange: (files: File[]) => void;
  /** An error to show under the field, e.g. the upload route's message (fieldErrors.files). */
  error?: string;
  disabled?: boolean;
  /** Defaults: 10 files, 32 MiB each, 32 MiB together: the server's defaults. */
  maxFiles?: number;
  maxFileBytes?: number;
  maxTotalBytes?: number;
  /** Replaces the default "Pièces jointes" label. */
  label?: string;
  /** A field (the message box) where pasting an image from the clipboard attaches it. */
  pasteTarget?: RefObject<HTMLElement | null>;
  className?: string;
};

/**
 * Chooses files to attach: a button (keyboard: Tab, Enter/Space) and a drop area, the list
 * of chosen files with their size and a remove button each, and the same checks as the
 * server on size, count and extension, with its messages. The server still reads every
 * file's bytes: a renamed file passes here and is refused there.
 *
 *   const [files, setFiles] = useState<File[]>([]);
 *   <AttachmentPicker files={files} onChange={setFiles} error={result?.fieldErrors?.files} />
 *   // on submit: const form = new FormData(); …; appendAttachments(form, files);
 */
export function AttachmentPicker({
  files,
  onChange,
  error,
  disabled,
  maxFiles = DEFAULT_MAX_FILES,
  maxFileBytes = MAX_FILE_BYTES,
  maxTotalBytes = DEFAULT_MAX_TOTAL_BYTES,
  label,
  className,
  pasteTarget,
}: TAttachmentPickerProps) {
  const t = useTranslations("attachments");
  const formatBytes = useFormatBytes();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [problems, setProblems] = useState<TFileProblem[]>([]);
  const [dragging, setDragging] = useState(false);

  const describe = (problem: TFileProblem): string => {
    switch (problem.key) {
      case "tooManyFiles":
        return t("errors.tooManyFiles", { count: problem.count });
      case "requestTooLarge":
        return t("errors.requestTooLarge", { max: formatBytes(maxTotalBytes) });
      case "fileTooLarge":
        return t("errors.fileTooLarge", { name: problem.name, max: formatBytes(maxFileBytes) });
      default:
        return t(`errors.${problem.key}`, { name: problem.name });
    }
  };

  const add = (incoming: File[]) => {
    if (disabled || incoming.length === 0) return;
    const result = addFiles(files, incoming, { maxFiles, maxFileBytes, maxTotalBytes });
    setProblems(result.problems);
    if (result.files.length !== files.length) onChange(result.files);
  };

  // A screenshot pasted into the message box becomes an attachment, with the same checks.
  const addRef = useRef(add);
  addRef.current = add;
  useEffect(() => {
    const target = pasteTarget?.current;
    if (!target) return;
    const onPaste = (event: ClipboardEvent) => {
      const data = event.clipboardData;
      if (!data) return;
      const images = pastedImages(Array.from(data.items));
      if (images.length === 0) return;
      // Only an image: nothing to paste as text (keep the text of a mixed paste).
      if (!data.types.includes("text/plain")) event.preventDefault();
      addRef.current(images);
    };
    target.addEventListener("paste", onPaste);
    return () => target.removeEventListener("paste", onPaste);
  }, [pasteTarget]);

  const remove = (index: number) => {
    setProblems([]);
    onChange(files.filter((_, i) => i !== index));
    buttonRef.current?.focus(); // the removed row's button is gone: keep the focus in the field
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    add(Array.from(event.dataTransfer.files));
  };

  const messages = [...problems.map(describe), ...(error ? [error] : [])];
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  return (
    <fieldset className={cn("min-w-0 space-y-2", className)} disabled={disabled}>
      <legend className="mb-2 text-sm font-medium text-slate-800">{label ?? t("pickerLabel")}</legend>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop area is an extra for mice; the button is the control */}
      <div
        onDragEnter={(event) => {
          event.preventDefault();
          if (!disabled) setDragging(true);
        }}
        onDragOver={(event) => event.preventDefault()}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
        className={cn(
          "flex flex-col items-center gap-2 rounded-md border-2 border-dashed px-4 py-5 text-center sm:flex-row sm:text-left",
          dragging ? "border-brand-600 bg-brand-50" : "border-slate-300 bg-white",
          disabled && "opacity-60",
        )}
      >
        <Button
          ref={buttonRef}
          type="button"
          variant="secondary"
          disabled={disabled}
          onClick={() => inputRef.current?.click()}
          aria-describedby={`${hintId}${messages.length > 0 ? ` ${errorId}` : ""}`}
        >
          <Upload aria-hidden="true" className="size-4" />
          {t("chooseFiles")}
        </Button>
        <span className="text-sm text-slate-600">{dragging ? t("dropActive") : t("dropHint")}</span>
        <input
          ref={inputRef}
          type="file"
          multiple
          accept={ACCEPT_ATTRIBUTE}
          className="sr-only"
          tabIndex={-1}
          aria-hidden="true"
          disabled={disabled}
          onChange={(event) => {
            add(Array.from(event.target.files ?? []));
            event.target.value = ""; // the same file can be chosen again after being removed
          }}
        />
      </div>
      <p id={hintId} className="text-xs text-slate-600">
        {t("constraints", { types: ACCEPTED_LABELS, max: formatBytes(maxFileBytes), count: maxFiles })}
        {pasteTarget ? ` ${t("pasteHint")}` : null}
      </p>

      {files.length > 0 ? (
        <ul
          className="divide-y divide-slate-200 rounded-md border border-slate-200"
          aria-label={t("selectedCount", { count: files.length })}
        >
          {files.map((file, index) => (
            <li
              key={`${file.name}-${file.size}-${file.lastModified}`}
              className="flex items-center gap-2 px-3 py-2 text-sm"
            >
              <Paperclip aria-hidden="true" className="size-4 shrink-0 text-slate-500" />
              <span className="min-w-0 flex-1 truncate" title={file.name}>
                {file.name}
              </span>
              <span className="shrink-0 tabular-nums text-slate-600">{formatBytes(file.size)}</span>
              <Button
                type="button"
                variant="ghost"
                size="sm"
                disabled={disabled}
                onClick={() => remove(index)}
                aria-label={t("remove", { name: file.name })}
              >
                <X aria-hidden="true" className="size-4" />
              </Button>
            </li>
          ))}
        </ul>
      ) : null}

      <div id={errorId} role="alert" aria-live="assertive" className="space-y-1">
        {messages.map((message) => (
          <p key={message} className="text-sm text-red-700">
            {message}
          </p>
        ))}
      </div>
    </fieldset>
  );
}

/** Adds the files to a multipart form under "files", the field the upload routes read. */
export function appendAttachments(form: FormData, files: readonly File[]): void {
  for (const file of files) form.append("files", file, file.name);
}
