"use client";

import { useFormatter, useTranslations } from "next-intl";
import { type FormEvent, useId, useRef, useState } from "react";
import { errorNotice, Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Link } from "@/i18n/navigation";
import { type TUserRole, USER_ROLES } from "@/lib/user-roles";
import { inviteUserAction } from "../actions/account-actions";

const FIELDS = ["email", "firstName", "lastName", "role"] as const;
type TField = (typeof FIELDS)[number];

/**
 * Invite a person: the account is created with its role, and an email (or, without SMTP, a kept
 * email in the Courriels log) carries the link to choose a password. The first refused field
 * gets the focus; the list refreshes with the new account.
 */
export function InviteUserForm() {
  const t = useTranslations("users.invite");
  const tRoles = useTranslations("roles");
  const tUsers = useTranslations("users");
  const format = useFormatter();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ email: "", firstName: "", lastName: "", role: "student" as TUserRole });
  const [locale, setLocale] = useState<"fr-CA" | "en">("fr-CA");
  const [notice, setNotice] = useState<TNotice | null>(null);
  const [kept, setKept] = useState(false);
  const invite = useAppAction(inviteUserAction, {
    networkMessage: tUsers("loadFailed"),
    refresh: true,
    onSuccess: (sent, input) => {
      setNotice({
        tone: "success",
        text: t("sent", {
          email: input.email,
          date: format.dateTime(new Date(sent.expiresAt), { dateStyle: "long", timeStyle: "short" }),
        }),
      });
      setKept(sent.emailKept);
      setValues({ email: "", firstName: "", lastName: "", role: "student" });
    },
    onError: (error) => {
      setNotice(null);
      const first = FIELDS.find((field) => error.fieldErrors?.[field]);
      if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
    },
  });
  const fieldErrors = (invite.error?.fieldErrors ?? {}) as Partial<Record<TField, string>>;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (invite.busy) return;
    setNotice(null);
    invite.execute({ ...values, locale });
  }

  const field = (name: Exclude<TField, "role">, type: string, autoComplete: string) => (
    <div className="space-y-1.5">
      <label htmlFor={`${id}-${name}`} className="block text-sm font-medium text-slate-800">
        {t(name)}
      </label>
      <Input
        id={`${id}-${name}`}
        name={name}
        type={type}
        autoComplete={autoComplete}
        value={values[name]}
        onChange={(event) => setValues({ ...values, [name]: event.target.value })}
        aria-invalid={fieldErrors[name] ? true : undefined}
        aria-describedby={fieldErrors[name] ? `${id}-${name}-error` : undefined}
      />
      {fieldErrors[name] ? (
        <p id={`${id}-${name}-error`} className="text-sm text-red-700">
          {fieldErrors[name]}
        </p>
      ) : null}
    </div>
  );

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="space-y-4"
      aria-labelledby={`${id}-title`}
      data-testid="invite-user-form"
    >
      <div className="space-y-1">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {t("title")}
        </h2>
        <p className="text-sm text-slate-600">{t("intro")}</p>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        {field("email", "email", "off")}
        {field("firstName", "text", "off")}
        {field("lastName", "text", "off")}
        <div className="space-y-1.5">
          <label htmlFor={`${id}-role`} className="block text-sm font-medium text-slate-800">
            {t("role")}
          </label>
          <Select
            id={`${id}-role`}
            name="role"
            value={values.role}
            onChange={(event) => setValues({ ...values, role: event.target.value as TUserRole })}
          >
            {USER_ROLES.map((role) => (
              <option key={role} value={role}>
                {tRoles(role)}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1.5">
          <label htmlFor={`${id}-locale`} className="block text-sm font-medium text-slate-800">
            {t("locale")}
          </label>
          <Select
            id={`${id}-locale`}
            name="locale"
            value={locale}
            onChange={(event) => setLocale(event.target.value === "en" ? "en" : "fr-CA")}
          >
            <option value="fr-CA">Français</option>
            <option value="en" lang="en">
              English
            </option>
          </Select>
        </div>
      </div>
      <Notice notice={notice ?? errorNotice(invite.error)} statusTestId="invite-status" errorTestId="invite-error" />
      {notice && kept ? (
        <p className="text-sm text-slate-700" data-testid="invite-kept">
          {t("kept")}{" "}
          <Link href="/admin/courriels" className="text-brand-700 underline">
            {t("openEmails")}
          </Link>
        </p>
      ) : null}
      <Button type="submit" aria-disabled={invite.busy} aria-busy={invite.busy}>
        {invite.busy ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
