"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useRef, useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { CountedTextField } from "@/components/forms/counted-text-field";
import { Button } from "@/components/ui/button";
import {
  AttachmentPicker,
  appendAttachments,
  sendMultipart,
  submissionKeyFor,
  type TSubmissionKey,
  type TUploadProgress,
  UploadProgress,
} from "@/features/attachments/components";
import { Link, useRouter } from "@/i18n/navigation";
import { firstErrorPerField } from "@/lib/field-errors";
import { DESCRIPTION_MAX, DESCRIPTION_MIN, SUBJECT_MAX, SUBJECT_MIN } from "../constants";
import { ZCreateTicketInput } from "../schemas";
import { TicketContextFields } from "./ticket-context-fields";
import { TicketOptionSelect, type TOption } from "./ticket-option-select";

export type { TOption } from "./ticket-option-select";

type TValues = { subject: string; category: string; description: string; appointmentId: string; orderId: string };
type TField = keyof TValues | "files";

/** Field order: the first invalid one gets the focus. */
const FIELDS: TField[] = ["subject", "category", "description", "appointmentId", "orderId", "files"];

/** What POST /api/tickets answers with (its JSON). */
type TCreatedTicket = { id: string; number: number };

/**
 * The new-request form (plan 4.2). Checks what the server checks before sending (lengths
 * after trimming, a category), shows the server's own messages under their fields, keeps
 * everything typed when something fails, and shows upload progress when files go along.
 * Files stream to a route handler (not a server action: 1 MB body limit), hence no useAppAction.
 */
/** A category's request template, in the page's language (issue 15). */
export type TCategoryTemplate = { prompt: string; requiredLink: "order" | "appointment" | null };

export function CreateTicketForm({
  categories,
  appointments,
  orders,
  templates = {},
}: {
  categories: TOption[];
  appointments: TOption[];
  orders: TOption[];
  /** By category slug: what to include, and the link the server will require. */
  templates?: Record<string, TCategoryTemplate>;
}) {
  const t = useTranslations("tickets.newTicket");
  const tValidation = useTranslations("validation");
  const tErrors = useTranslations("tickets.errors");
  const tAvailability = useTranslations("availability");
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<TValues>({
    subject: "",
    category: "",
    description: "",
    appointmentId: "",
    orderId: "",
  });
  const [files, setFiles] = useState<File[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<TField, string>>>({});
  const [notice, setNotice] = useState<TNotice | null>(null);
  const [progress, setProgress] = useState<TUploadProgress | null>(null);
  const [pending, setPending] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // One Idempotency-Key per submission, reused when the same content is sent again.
  const submission = useRef<TSubmissionKey | null>(null);

  const set = (field: keyof TValues) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  /** The server's own schema, run before sending; an untouched field counts as missing. */
  function check(): Partial<Record<TField, string>> {
    const parsed = ZCreateTicketInput.safeParse({
      subject: values.subject || undefined,
      category: values.category || undefined,
      description: values.description || undefined,
      appointmentId: values.appointmentId,
      orderId: values.orderId,
    });
    const errors: Partial<Record<TField, string>> = {};
    if (parsed.success) return errors;
    const keys = firstErrorPerField(parsed.error);
    for (const field of FIELDS) {
      const key = keys[field];
      if (key) errors[field] = tValidation(key);
    }
    return errors;
  }

  function focusFirstInvalid(errors: Partial<Record<TField, string>>) {
    const field = FIELDS.find((name) => errors[name]);
    const target = field ? formRef.current?.querySelector<HTMLElement>(`[data-field="${field}"]`) : null;
    // The files field is a group: focus its "choose files" button.
    (target?.matches("input, select, textarea") ? target : target?.querySelector<HTMLElement>("button"))?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setNotice(null);
    // Keys the message: each failed attempt is announced again, even with the same text.
    setAttempt((n) => n + 1);
    const errors = check();
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) {
      setNotice({ tone: "error", text: t("fixErrors") });
      focusFirstInvalid(errors);
      return;
    }
    setPending(true);
    setProgress(files.length > 0 ? { loaded: 0, total: 1 } : null);
    const form = new FormData();
    for (const [key, value] of Object.entries(values)) form.set(key, value);
    appendAttachments(form, files);
    let navigating = false;
    submission.current = submissionKeyFor(submission.current, values, files);
    try {
      const result = await sendMultipart<TCreatedTicket>(
        "/api/tickets",
        form,
        files.length > 0 ? setProgress : undefined,
        undefined,
        submission.current.key,
      );
      if (!result.ok) {
        const serverErrors = ("fieldErrors" in result ? result.fieldErrors : undefined) ?? {};
        setFieldErrors(serverErrors as Partial<Record<TField, string>>);
        const text =
          result.code === "NETWORK"
            ? tErrors("network")
            : result.code === "UNAVAILABLE"
              ? tAvailability("uploadRetry")
              : result.message;
        setNotice({ tone: "error", text });
        focusFirstInvalid(serverErrors as Partial<Record<TField, string>>);
        return;
      }
      submission.current = null;
      navigating = true;
      router.push(`/etudiant/demandes/${result.data.id}?created=1`);
    } finally {
      setProgress(null);
      if (!navigating) setPending(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-5" data-testid="create-ticket-form">
      <Notice notice={notice} serial={attempt} />

      <CountedTextField
        name="subject"
        label={t("subject")}
        value={values.subject}
        onChange={set("subject")}
        error={fieldErrors.subject}
        max={SUBJECT_MAX}
        countText={(count) => t("count", { count, min: SUBJECT_MIN, max: SUBJECT_MAX })}
      />
      <TicketOptionSelect
        field="category"
        label={t("category")}
        emptyLabel={t("categoryPlaceholder")}
        options={categories}
        value={values.category}
        onChange={set("category")}
        error={fieldErrors.category}
        required
      />
      <CategoryTemplateHint template={templates[values.category]} />
      <CountedTextField
        name="description"
        label={t("description")}
        hint={t("descriptionHint")}
        rows={7}
        value={values.description}
        onChange={set("description")}
        error={fieldErrors.description}
        max={DESCRIPTION_MAX}
        countText={(count) => t("count", { count, min: DESCRIPTION_MIN, max: DESCRIPTION_MAX })}
      />
      <TicketContextFields
        appointments={appointments}
        orders={orders}
        appointmentId={values.appointmentId}
        orderId={values.orderId}
        onChange={(field, value) => set(field)(value)}
        errors={fieldErrors}
      />

      <div data-field="files">
        <AttachmentPicker
          files={files}
          onChange={setFiles}
          error={fieldErrors.files}
          disabled={pending}
          label={t("files")}
        />
      </div>
      <UploadProgress progress={progress} />

      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button asChild variant="secondary">
          <Link href="/etudiant">{t("cancel")}</Link>
        </Button>
        <Button type="submit" aria-disabled={pending} aria-busy={pending}>
          {pending ? t("submitting") : t("submit")}
        </Button>
      </div>
    </form>
  );
}

/** What the chosen category asks for: shown (and announced) when a category is picked. */
function CategoryTemplateHint({ template }: { template: TCategoryTemplate | undefined }) {
  const t = useTranslations("tickets.newTicket");
  const lines = template
    ? [
        template.prompt,
        template.requiredLink === "order" ? t("orderRequiredHint") : null,
        template.requiredLink === "appointment" ? t("appointmentRequiredHint") : null,
      ].filter(Boolean)
    : [];
  return (
    <div aria-live="polite" data-testid="category-template">
      {lines.length > 0 ? (
        <div className="space-y-1 rounded-md border border-slate-200 bg-brand-50 px-3 py-2 text-sm text-slate-800">
          {lines.map((line) => (
            <p key={line} className="break-words">
              {line}
            </p>
          ))}
        </div>
      ) : null}
    </div>
  );
}
