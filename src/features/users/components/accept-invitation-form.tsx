"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { errorNotice, Notice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { acceptInvitationAction } from "../actions/account-actions";

/** The invited person's password, twice; on success the action signs them in and goes home. */
export function AcceptInvitationForm({ token }: { token: string }) {
  const t = useTranslations("invitation");
  const tUsers = useTranslations("users");
  const id = useId();
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const accept = useAppAction(acceptInvitationAction, { networkMessage: tUsers("loadFailed") });
  const fieldErrors = accept.error?.fieldErrors ?? {};

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!accept.busy) accept.execute({ token, password, confirmation });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid="accept-invitation-form">
      <div className="space-y-1.5">
        <label htmlFor={`${id}-password`} className="block text-sm font-medium text-slate-800">
          {t("password")}
        </label>
        <Input
          id={`${id}-password`}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={fieldErrors.password ? true : undefined}
          aria-describedby={fieldErrors.password ? `${id}-password-error` : undefined}
        />
        {fieldErrors.password ? (
          <p id={`${id}-password-error`} className="text-sm text-red-700">
            {fieldErrors.password}
          </p>
        ) : null}
      </div>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-confirmation`} className="block text-sm font-medium text-slate-800">
          {t("confirmation")}
        </label>
        <Input
          id={`${id}-confirmation`}
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
          aria-invalid={fieldErrors.confirmation ? true : undefined}
          aria-describedby={fieldErrors.confirmation ? `${id}-confirmation-error` : undefined}
        />
        {fieldErrors.confirmation ? (
          <p id={`${id}-confirmation-error`} className="text-sm text-red-700">
            {fieldErrors.confirmation}
          </p>
        ) : null}
      </div>
      {/* The link itself has no field: its refusal (used, replaced, expired) is the notice. */}
      <Notice
        notice={errorNotice(fieldErrors.token ? { message: fieldErrors.token } : accept.error)}
        errorTestId="invitation-error"
      />
      <Button type="submit" className="w-full" aria-disabled={accept.busy} aria-busy={accept.busy}>
        {accept.busy ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
