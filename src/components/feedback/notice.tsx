"use client";

import { type ReactNode, useEffect, useRef } from "react";
import { cn } from "@/lib/cn";

/** The outcome to announce: a success (polite) or an error (assertive). */
export type TNotice = { tone: "success" | "error"; text: string };

const LOOKS = {
  /** A coloured box, for the outcome of a form or a panel's actions. */
  box: {
    success: "rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900",
    error: "rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800",
  },
  /** Coloured text, next to a single button. */
  text: { success: "text-sm text-green-800", error: "text-sm text-red-800" },
  /** Centred and quiet, at the end of a list. */
  list: { success: "text-center text-sm text-slate-600", error: "text-center text-sm text-red-800" },
} as const;

/**
 * The two live regions of an outcome, both always in the page so that what appears in them is
 * announced: role="status" for a success, role="alert" for an error. `errorAction` goes under
 * the error's text (a "reload" button); `serial` re-inserts the text so that the same message
 * after a new attempt is announced again; `focusOnSuccess` moves focus to the success text (for
 * a button that goes away once the page refreshes).
 */
export function Notice({
  notice,
  look = "box",
  statusTestId,
  errorTestId,
  errorAction,
  serial,
  focusOnSuccess = false,
}: {
  notice: TNotice | null | undefined;
  look?: keyof typeof LOOKS;
  statusTestId?: string;
  errorTestId?: string;
  errorAction?: ReactNode;
  serial?: number;
  focusOnSuccess?: boolean;
}) {
  const successRef = useRef<HTMLParagraphElement>(null);
  const tone = notice?.tone;
  const text = notice?.text;

  useEffect(() => {
    if (focusOnSuccess && tone === "success" && text) successRef.current?.focus();
  }, [focusOnSuccess, tone, text]);

  return (
    <>
      <div role="status" aria-live="polite" data-testid={statusTestId}>
        {tone === "success" ? (
          <p key={serial} ref={successRef} tabIndex={focusOnSuccess ? -1 : undefined} className={LOOKS[look].success}>
            {text}
          </p>
        ) : null}
      </div>
      <div role="alert" data-testid={errorTestId}>
        {tone === "error" ? (
          <div key={serial} className={cn(LOOKS[look].error, errorAction ? "space-y-2" : null)}>
            <p>{text}</p>
            {errorAction}
          </div>
        ) : null}
      </div>
    </>
  );
}

/** An action's error as a notice (undefined when there is none). */
export function errorNotice(error: { message: string } | undefined): TNotice | undefined {
  return error ? { tone: "error", text: error.message } : undefined;
}
