"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { errorNotice, Notice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { resetPasswordAction } from "../actions/account-recovery";
import { FormField } from "./form-field";

/** The new password, twice; on success the action ends the sessions and goes to sign-in. */
export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("passwordReset");
  const tErrors = useTranslations("errors");
  const id = useId();
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const reset = useAppAction(resetPasswordAction, { networkMessage: tErrors("UNAVAILABLE") });
  const fieldErrors = reset.error?.fieldErrors ?? {};
  // A refused link is the form's error, not a field's: the token is no input of theirs.
  const error = fieldErrors.token ? { code: "VALIDATION" as const, message: fieldErrors.token } : reset.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reset.busy) reset.execute({ token, password, confirmation });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid="reset-password-form">
      <FormField
        id={`${id}-password`}
        label={t("password")}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={fieldErrors.password}
      />
      <FormField
        id={`${id}-confirmation`}
        label={t("confirmation")}
        type="password"
        autoComplete="new-password"
        value={confirmation}
        onChange={(event) => setConfirmation(event.target.value)}
        error={fieldErrors.confirmation}
      />
      <Notice notice={errorNotice(error)} errorTestId="reset-password-error" />
      <Button type="submit" className="w-full" aria-disabled={reset.busy} aria-busy={reset.busy}>
        {reset.busy ? t("resetSubmitting") : t("resetSubmit")}
      </Button>
    </form>
  );
}
