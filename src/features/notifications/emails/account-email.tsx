// The account emails' layout (an invitation, an address to verify, a password reset), in the ticket emails' style.
// Pure: no server-only, no env; the worker renders it in process or in the render child.
import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { TAccountEmailType } from "../../../lib/account-email-values";
import type { TEmailLocale } from "./strings";

export type TAccountEmailContent = {
  kind: "account";
  type: TAccountEmailType;
  locale: TEmailLocale;
  firstName: string;
  /** The link to follow: the invitation's page, or better-auth's verification endpoint. */
  actionUrl: string;
  /** When the link stops working (ISO), shown in the recipient's language. */
  expiresAt: string | null;
};

type TAccountStrings = {
  subject: string;
  heading: string;
  greeting: (name: string) => string;
  intro: string;
  button: string;
  expires: (when: string) => string;
  ignore: string;
  fallback: string;
};

export const ACCOUNT_EMAIL_STRINGS: Record<TEmailLocale, Record<TAccountEmailType, TAccountStrings>> = {
  "fr-CA": {
    account_invitation: {
      subject: "Votre accès au soutien de la plateforme de tutorat",
      heading: "Vous êtes invité à utiliser le soutien",
      greeting: (name) => (name ? `Bonjour ${name},` : "Bonjour,"),
      intro: "Un compte a été créé pour vous. Choisissez votre mot de passe pour l’activer.",
      button: "Choisir mon mot de passe",
      expires: (when) => `Ce lien fonctionne une seule fois, jusqu’au ${when}.`,
      ignore: "Si vous n’attendiez pas cette invitation, ignorez ce courriel.",
      fallback: "Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :",
    },
    email_verification: {
      subject: "Confirmez votre adresse courriel",
      heading: "Confirmez votre adresse courriel",
      greeting: (name) => (name ? `Bonjour ${name},` : "Bonjour,"),
      intro: "Confirmez cette adresse pour terminer la création de votre compte.",
      button: "Confirmer mon adresse",
      expires: (when) => `Ce lien fonctionne jusqu’au ${when}.`,
      ignore: "Si vous n’avez pas créé de compte, ignorez ce courriel.",
      fallback: "Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :",
    },
    password_reset: {
      subject: "Réinitialisez votre mot de passe",
      heading: "Choisissez un nouveau mot de passe",
      greeting: (name) => (name ? `Bonjour ${name},` : "Bonjour,"),
      intro:
        "Quelqu’un (vous, sans doute) a demandé à réinitialiser le mot de passe de votre compte. Choisissez-en un nouveau : vos sessions ouvertes prendront fin.",
      button: "Choisir un nouveau mot de passe",
      expires: (when) => `Ce lien fonctionne une seule fois, jusqu’au ${when}.`,
      ignore: "Si vous n’avez rien demandé, ignorez ce courriel : votre mot de passe ne change pas.",
      fallback: "Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :",
    },
  },
  en: {
    account_invitation: {
      subject: "Your access to the tutoring platform's support",
      heading: "You are invited to use support",
      greeting: (name) => (name ? `Hello ${name},` : "Hello,"),
      intro: "An account was created for you. Choose your password to activate it.",
      button: "Choose my password",
      expires: (when) => `This link works once, until ${when}.`,
      ignore: "If you did not expect this invitation, ignore this email.",
      fallback: "If the button does not work, copy this link into your browser:",
    },
    email_verification: {
      subject: "Confirm your email address",
      heading: "Confirm your email address",
      greeting: (name) => (name ? `Hello ${name},` : "Hello,"),
      intro: "Confirm this address to finish creating your account.",
      button: "Confirm my address",
      expires: (when) => `This link works until ${when}.`,
      ignore: "If you did not create an account, ignore this email.",
      fallback: "If the button does not work, copy this link into your browser:",
    },
    password_reset: {
      subject: "Reset your password",
      heading: "Choose a new password",
      greeting: (name) => (name ? `Hello ${name},` : "Hello,"),
      intro:
        "Someone (most likely you) asked to reset your account's password. Choose a new one: your open sessions will end.",
      button: "Choose a new password",
      expires: (when) => `This link works once, until ${when}.`,
      ignore: "If you did not ask for this, ignore this email: your password does not change.",
      fallback: "If the button does not work, copy this link into your browser:",
    },
  },
};

const colors = { brand: "#1d4ed8", text: "#0f172a", muted: "#475569", border: "#cbd5e1" };

function formatExpiry(locale: TEmailLocale, iso: string): string {
  return new Intl.DateTimeFormat(locale === "en" ? "en-CA" : "fr-CA", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "America/Toronto",
  }).format(new Date(iso));
}

export function AccountEmail(props: TAccountEmailContent) {
  const s = ACCOUNT_EMAIL_STRINGS[props.locale][props.type];
  return (
    <Html lang={props.locale === "en" ? "en" : "fr-CA"}>
      <Head />
      <Preview>{s.subject}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "Arial, Helvetica, sans-serif", color: colors.text }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px" }}>
          <Text style={{ color: colors.brand, fontWeight: 700, fontSize: "13px", margin: 0 }}>Soutien</Text>
          <Heading as="h1" style={{ fontSize: "20px", margin: "8px 0" }}>
            {s.heading}
          </Heading>
          <Text>{s.greeting(props.firstName)}</Text>
          <Text>{s.intro}</Text>
          <Section style={{ padding: "16px 0" }}>
            <Button
              href={props.actionUrl}
              style={{ backgroundColor: colors.brand, color: "#ffffff", padding: "12px 20px", borderRadius: "6px" }}
            >
              {s.button}
            </Button>
          </Section>
          {props.expiresAt ? <Text>{s.expires(formatExpiry(props.locale, props.expiresAt))}</Text> : null}
          <Text style={{ color: colors.muted, fontSize: "13px" }}>{s.fallback}</Text>
          <Text style={{ color: colors.muted, fontSize: "13px", wordBreak: "break-all" }}>{props.actionUrl}</Text>
          <Hr style={{ borderColor: colors.border }} />
          <Text style={{ color: colors.muted, fontSize: "12px" }}>{s.ignore}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export function accountSubjectOf(content: Pick<TAccountEmailContent, "type" | "locale">): string {
  return ACCOUNT_EMAIL_STRINGS[content.locale][content.type].subject;
}
