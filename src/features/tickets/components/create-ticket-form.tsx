"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { AttachmentPicker, appendAttachments, UploadProgress } from "@/features/attachments/components";
import { sendMultipart, type TUploadProgress } from "@/features/attachments/upload-client";
import { Link, useRouter } from "@/i18n/navigation";
import { DESCRIPTION_MAX, DESCRIPTION_MIN, SUBJECT_MAX, SUBJECT_MIN } from "../constants";
import type { TCreatedTicket } from "../service/create-ticket";

export type TOption = { value: string; label: string };

type TValues = { subject: string; category: string; description: string; appointmentId: string; orderId: string };
type TField = keyof TValues | "files";

/** Field order: the first invalid one gets the focus. */
const FIELDS: TField[] = ["subject", "category", "description", "appointmentId", "orderId", "files"];

/**
 * The new-request form (plan 4.2). Checks what the server checks before sending (lengths
 * after trimming, a category), shows the server's own messages under their fields, keeps
 * everything typed when something fails, and shows upload progress when files go along.
 */
export function CreateTicketForm({
  categories,
  appointments,
  orders,
}: {
  categories: TOption[];
  appointments: TOption[];
  orders: TOption[];
}) {
  const t = useTranslations("tickets.newTicket");
  const tValidation = useTranslations("validation");
  const tErrors = useTranslations("tickets.errors");
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
  const [formError, setFormError] = useState<string | null>(null);
  const [progress, setProgress] = useState<TUploadProgress | null>(null);
  const [pending, setPending] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const set = (field: keyof TValues) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  function check(): Partial<Record<TField, string>> {
    const errors: Partial<Record<TField, string>> = {};
    const subject = values.subject.trim().length;
    if (subject === 0) errors.subject = tValidation("subjectRequired");
    else if (subject < SUBJECT_MIN) errors.subject = tValidation("subjectTooShort");
    else if (subject > SUBJECT_MAX) errors.subject = tValidation("subjectTooLong");
    if (!values.category) errors.category = tValidation("categoryRequired");
    const description = values.description.trim().length;
    if (description === 0) errors.description = tValidation("descriptionRequired");
    else if (description < DESCRIPTION_MIN) errors.description = tValidation("descriptionTooShort");
    else if (description > DESCRIPTION_MAX) errors.description = tValidation("descriptionTooLong");
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
    setFormError(null);
    setAttempt((n) => n + 1);
    const errors = check();
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) {
      setFormError(t("fixErrors"));
      focusFirstInvalid(errors);
      return;
    }
    setPending(true);
    setProgress(files.length > 0 ? { loaded: 0, total: 1 } : null);
    const form = new FormData();
    for (const [key, value] of Object.entries(values)) form.set(key, value);
    appendAttachments(form, files);
    let navigating = false;
    try {
      const result = await sendMultipart<TCreatedTicket>(
        "/api/tickets",
        form,
        files.length > 0 ? setProgress : undefined,
      );
      if (!result.ok) {
        const serverErrors = ("fieldErrors" in result ? result.fieldErrors : undefined) ?? {};
        setFieldErrors(serverErrors as Partial<Record<TField, string>>);
        setFormError(result.code === "NETWORK" ? tErrors("network") : result.message);
        focusFirstInvalid(serverErrors as Partial<Record<TField, string>>);
        return;
      }
      navigating = true;
      router.push(`/etudiant/demandes/${result.data.id}?created=1`);
    } finally {
      setProgress(null);
      if (!navigating) setPending(false);
    }
  }

  const describedBy = (field: TField, ...extra: string[]) =>
    [...extra, fieldErrors[field] ? `${field}-error` : null].filter(Boolean).join(" ") || undefined;
  const errorText = (field: TField) =>
    fieldErrors[field] ? (
      <p id={`${field}-error`} className="text-sm text-red-700">
        {fieldErrors[field]}
      </p>
    ) : null;
  const subjectLength = values.subject.trim().length;
  const descriptionLength = values.description.trim().length;

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-5" data-testid="create-ticket-form">
      {/* Inserted (and keyed by attempt) so that each failed attempt is announced again. */}
      {formError ? <Alert key={attempt}>{formError}</Alert> : null}

      <div className="space-y-1.5">
        <Label htmlFor="subject">{t("subject")}</Label>
        <Input
          id="subject"
          name="subject"
          data-field="subject"
          value={values.subject}
          onChange={set("subject")}
          autoComplete="off"
          aria-required="true"
          aria-invalid={fieldErrors.subject ? true : undefined}
          aria-describedby={describedBy("subject", "subject-count")}
        />
        {errorText("subject")}
        <p
          id="subject-count"
          className={subjectLength > SUBJECT_MAX ? "text-xs text-red-700" : "text-xs text-slate-600"}
        >
          {t("count", { count: subjectLength, min: SUBJECT_MIN, max: SUBJECT_MAX })}
        </p>
      </div>

      <div className="space-y-1.5">
        <Label htmlFor="category">{t("category")}</Label>
        <Select
          id="category"
          name="category"
          data-field="category"
          value={values.category}
          onChange={set("category")}
          aria-required="true"
          aria-invalid={fieldErrors.category ? true : undefined}
          aria-describedby={describedBy("category")}
        >
          <option value="">{t("categoryPlaceholder")}</option>
          {categories.map((category) => (
            <option key={category.value} value={category.value}>
              {category.label}
            </option>
          ))}
        </Select>
        {errorText("category")}
      </div>

      <div className="space-y-1.5">
        <Label htmlFor="description">{t("description")}</Label>
        <p id="description-hint" className="text-xs text-slate-600">
          {t("descriptionHint")}
        </p>
        <Textarea
          id="description"
          name="description"
          data-field="description"
          rows={7}
          value={values.description}
          onChange={set("description")}
          aria-required="true"
          aria-invalid={fieldErrors.description ? true : undefined}
          aria-describedby={describedBy("description", "description-hint", "description-count")}
        />
        {errorText("description")}
        <p
          id="description-count"
          className={descriptionLength > DESCRIPTION_MAX ? "text-xs text-red-700" : "text-xs text-slate-600"}
        >
          {t("count", { count: descriptionLength, min: DESCRIPTION_MIN, max: DESCRIPTION_MAX })}
        </p>
      </div>

      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">{t("contextLegend")}</legend>
        <p className="text-xs text-slate-600">{t("contextHint")}</p>
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="min-w-0 space-y-1.5">
            <Label htmlFor="appointmentId">{t("appointment")}</Label>
            <Select
              id="appointmentId"
              name="appointmentId"
              data-field="appointmentId"
              value={values.appointmentId}
              onChange={set("appointmentId")}
              aria-invalid={fieldErrors.appointmentId ? true : undefined}
              aria-describedby={describedBy("appointmentId")}
            >
              <option value="">{appointments.length > 0 ? t("noAppointment") : t("noAppointments")}</option>
              {appointments.map((appointment) => (
                <option key={appointment.value} value={appointment.value}>
                  {appointment.label}
                </option>
              ))}
            </Select>
            {errorText("appointmentId")}
          </div>
          <div className="min-w-0 space-y-1.5">
            <Label htmlFor="orderId">{t("order")}</Label>
            <Select
              id="orderId"
              name="orderId"
              data-field="orderId"
              value={values.orderId}
              onChange={set("orderId")}
              aria-invalid={fieldErrors.orderId ? true : undefined}
              aria-describedby={describedBy("orderId")}
            >
              <option value="">{orders.length > 0 ? t("noOrder") : t("noOrders")}</option>
              {orders.map((order) => (
                <option key={order.value} value={order.value}>
                  {order.label}
                </option>
              ))}
            </Select>
            {errorText("orderId")}
          </div>
        </div>
      </fieldset>

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
