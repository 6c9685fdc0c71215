"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { errorNotice, Notice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { signUpAction } from "../actions/account-recovery";
import { FormField } from "./form-field";

/** Open sign-up: names, email, password twice; then "check your email" in place of the form. */
export function SignUpForm() {
  const t = useTranslations("signUp");
  const tErrors = useTranslations("errors");
  const id = useId();
  const [values, setValues] = useState({ firstName: "", lastName: "", email: "", password: "", confirmation: "" });
  const [done, setDone] = useState(false);
  const signUp = useAppAction(signUpAction, { networkMessage: tErrors("UNAVAILABLE"), onSuccess: () => setDone(true) });
  const fieldErrors = signUp.error?.fieldErrors ?? {};
  const set = (field: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  if (done) {
    return (
      <div role="status" className="space-y-2" data-testid="sign-up-done">
        <h2 className="text-lg font-semibold">{t("doneTitle")}</h2>
        <p className="text-sm text-slate-700">{t("done")}</p>
      </div>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!signUp.busy) signUp.execute(values);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid="sign-up-form">
      <FormField
        id={`${id}-first`}
        label={t("firstName")}
        autoComplete="given-name"
        value={values.firstName}
        onChange={set("firstName")}
        error={fieldErrors.firstName}
      />
      <FormField
        id={`${id}-last`}
        label={t("lastName")}
        autoComplete="family-name"
        value={values.lastName}
        onChange={set("lastName")}
        error={fieldErrors.lastName}
      />
      <FormField
        id={`${id}-email`}
        label={t("email")}
        type="email"
        autoComplete="email"
        inputMode="email"
        value={values.email}
        onChange={set("email")}
        error={fieldErrors.email}
      />
      <FormField
        id={`${id}-password`}
        label={t("password")}
        type="password"
        autoComplete="new-password"
        value={values.password}
        onChange={set("password")}
        error={fieldErrors.password}
      />
      <FormField
        id={`${id}-confirmation`}
        label={t("confirmation")}
        type="password"
        autoComplete="new-password"
        value={values.confirmation}
        onChange={set("confirmation")}
        error={fieldErrors.confirmation}
      />
      <Notice notice={errorNotice(signUp.error)} errorTestId="sign-up-error" />
      <Button type="submit" className="w-full" aria-disabled={signUp.busy} aria-busy={signUp.busy}>
        {signUp.busy ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
