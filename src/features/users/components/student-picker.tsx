"use client";

import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { useAppAction } from "@/components/forms/use-app-action";
import { Input } from "@/components/ui/input";
import { searchStudentsAction } from "../actions/account-actions";
import type { TStudentOption } from "../dto";
import { STUDENT_SEARCH_MIN } from "../schemas";

/** Wait this long after the last key before asking the server (one request per pause, not per key). */
const TYPING_PAUSE_MS = 250;

/**
 * A student type-ahead for a GET form (the ticket list's "Élève" filter): an ARIA 1.2 combobox
 * (the arrow keys move through the suggestions, Enter picks, Escape closes) whose suggestions
 * come from the server, the result count announced. The pick goes in a hidden `name` field and
 * the form is sent at once; the chosen student shows as a chip that removes the filter.
 */
export function StudentPicker({
  name,
  initial,
  label,
}: {
  name: string;
  initial: TStudentOption | null;
  label: string;
}) {
  const t = useTranslations("users.studentPicker");
  const id = useId();
  const hiddenRef = useRef<HTMLInputElement>(null);
  const [selected, setSelected] = useState<TStudentOption | null>(initial);
  const [text, setText] = useState("");
  const [options, setOptions] = useState<TStudentOption[] | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState("");
  // Only the answer to the latest text counts (an earlier, slower one is dropped).
  const latestText = useRef("");

  const search = useAppAction(searchStudentsAction, {
    networkMessage: t("error"),
    onSuccess: (data, input) => {
      if (input.q !== latestText.current) return;
      setOptions(data);
      setActive(0);
      setOpen(true);
      setStatus(data.length === 0 ? t("none") : t("found", { count: data.length }));
    },
    onError: (error, input) => {
      if (input.q === latestText.current) setStatus(error.message);
    },
  });
  const run = useRef(search.execute);
  run.current = search.execute;

  useEffect(() => {
    const q = text.trim();
    latestText.current = q;
    if (q.length < STUDENT_SEARCH_MIN) {
      setOptions(null);
      setOpen(false);
      setStatus(q.length > 0 ? t("tooShort", { count: STUDENT_SEARCH_MIN }) : "");
      return;
    }
    const timer = setTimeout(() => run.current({ q }), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, t]);

  function submit(student: TStudentOption | null) {
    setSelected(student);
    if (hiddenRef.current) hiddenRef.current.value = student?.id ?? "";
    hiddenRef.current?.form?.requestSubmit();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const count = options?.length ?? 0;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open && options) setOpen(true);
      if (count === 0) return;
      const delta = event.key === "ArrowDown" ? 1 : -1;
      setActive((active + delta + count) % count);
    } else if (event.key === "Enter") {
      // Enter picks the highlighted student; without suggestions it sends the form as usual.
      const option = open ? options?.[active] : undefined;
      if (option) {
        event.preventDefault();
        submit(option);
      }
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
    }
  }

  const optionId = (index: number) => `${id}-option-${index}`;
  const expanded = open && (options?.length ?? 0) > 0;

  return (
    <div className="min-w-0 space-y-1.5" data-testid="student-filter">
      <input ref={hiddenRef} type="hidden" name={name} defaultValue={selected?.id ?? ""} />
      {selected ? (
        <span className="block text-sm font-medium text-slate-800">{label}</span>
      ) : (
        <label htmlFor={`${id}-input`} className="block text-sm font-medium text-slate-800">
          {label}
        </label>
      )}
      {selected ? (
        <p
          className="flex min-h-10 min-w-0 items-center gap-1 rounded-md border border-brand-200 bg-brand-50 py-1 pr-1 pl-3 text-sm"
          data-testid="student-filter-chip"
        >
          <span className="min-w-0 flex-1 truncate" title={selected.email}>
            <span className="font-medium">{selected.name}</span>{" "}
            <span className="text-slate-600">{selected.email}</span>
          </span>
          <button
            type="button"
            onClick={() => submit(null)}
            className="inline-flex size-8 shrink-0 items-center justify-center rounded text-slate-700 hover:bg-brand-100 focus-visible:outline-2 focus-visible:outline-brand-600"
            aria-label={t("remove", { name: selected.name })}
            data-testid="student-filter-remove"
          >
            <X aria-hidden="true" className="size-4" />
          </button>
        </p>
      ) : (
        <div className="relative">
          <Input
            id={`${id}-input`}
            type="text"
            role="combobox"
            aria-expanded={expanded}
            aria-controls={`${id}-list`}
            aria-autocomplete="list"
            aria-activedescendant={expanded ? optionId(active) : undefined}
            aria-describedby={`${id}-hint`}
            autoComplete="off"
            placeholder={t("placeholder")}
            maxLength={100}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
            onBlur={() => setOpen(false)}
            onFocus={() => setOpen(Boolean(options?.length))}
          />
          <div
            id={`${id}-list`}
            role="listbox"
            aria-label={t("listLabel")}
            hidden={!expanded}
            className="absolute inset-x-0 top-full z-20 mt-1 max-h-64 overflow-y-auto rounded-md border border-slate-200 bg-white p-1 shadow-lg"
          >
            {(options ?? []).map((option, index) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox's input handles the keys (aria-activedescendant).
              <div
                key={option.id}
                id={optionId(index)}
                role="option"
                tabIndex={-1}
                aria-selected={index === active}
                // Before the input's blur closes the list.
                onMouseDown={(event) => event.preventDefault()}
                onMouseMove={() => setActive(index)}
                onClick={() => submit(option)}
                className={`cursor-pointer rounded px-2 py-1.5 text-sm ${index === active ? "bg-brand-50 ring-2 ring-brand-600" : ""}`}
                data-testid="student-option"
              >
                <span className="block font-medium break-words">{option.name}</span>
                <span className="block truncate text-xs text-slate-600">{option.email}</span>
              </div>
            ))}
          </div>
        </div>
      )}
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {selected ? t("selectedHint") : t("hint", { count: STUDENT_SEARCH_MIN })}
      </p>
      {/* Stays mounted, so each new count is announced. */}
      <p role="status" className="sr-only" data-testid="student-filter-status">
        {search.busy ? t("searching") : status}
      </p>
    </div>
  );
}
