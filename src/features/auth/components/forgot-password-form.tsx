"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { errorNotice, Notice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { requestPasswordResetAction } from "../actions/account-recovery";
import { FormField } from "./form-field";

/**
 * "Mot de passe oublié ?": the email, then one answer whatever it was (the server's is the same
 * for every address). The form stays, so a typo can be fixed and sent again.
 */
export function ForgotPasswordForm() {
  const t = useTranslations("passwordReset");
  const tErrors = useTranslations("errors");
  const id = useId();
  const [email, setEmail] = useState("");
  const [sentMinutes, setSentMinutes] = useState<number | null>(null);
  const request = useAppAction(requestPasswordResetAction, {
    networkMessage: tErrors("UNAVAILABLE"),
    onSuccess: (data) => setSentMinutes(data.minutes),
  });
  const fieldErrors = request.error?.fieldErrors ?? {};

  function submit(event: FormEvent) {
    event.preventDefault();
    if (request.busy) return;
    setSentMinutes(null);
    request.execute({ email });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid="forgot-password-form">
      <FormField
        id={`${id}-email`}
        label={t("email")}
        type="email"
        autoComplete="email"
        inputMode="email"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={fieldErrors.email}
      />
      <Notice
        notice={
          sentMinutes !== null
            ? { tone: "success", text: t("requestSent", { minutes: sentMinutes }) }
            : errorNotice(request.error)
        }
        statusTestId="forgot-password-sent"
        errorTestId="forgot-password-error"
      />
      <Button type="submit" className="w-full" aria-disabled={request.busy} aria-busy={request.busy}>
        {request.busy ? t("requestSubmitting") : t("requestSubmit")}
      </Button>
    </form>
  );
}
