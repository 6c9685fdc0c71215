/** The Courriels log's state badge: a bounced email shows its status code and what it means, in both languages. */
import { NextIntlClientProvider } from "next-intl";
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import en from "../../messages/en.json";
import frCA from "../../messages/fr-CA.json";
import { EmailStateBadge } from "../../src/features/notifications/components/email-state-badge";

function render(node: ReactNode, locale: "fr-CA" | "en" = "fr-CA"): string {
  const messages = locale === "en" ? en : frCA;
  return renderToStaticMarkup(
    // biome-ignore lint/correctness/noChildrenProp: no JSX in .ts tests; React's typings want children in props
    createElement(NextIntlClientProvider, { locale, messages, timeZone: "America/Toronto", children: node }),
  );
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ")
    .trim();

describe("EmailStateBadge", () => {
  it("shows a bounce's status code and its meaning", () => {
    expect(text(render(createElement(EmailStateBadge, { state: "bounced", reason: "5.1.1" })))).toBe(
      "Retourné : 5.1.1, adresse du destinataire",
    );
    expect(text(render(createElement(EmailStateBadge, { state: "bounced", reason: "5.7.1" }), "en"))).toBe(
      "Bounced: 5.7.1, refused by the recipient's rules",
    );
  });

  it("shows the state alone when the reason is not a status code, and failures as before", () => {
    expect(text(render(createElement(EmailStateBadge, { state: "bounced", reason: "<b>x</b>" })))).toBe("Retourné");
    expect(text(render(createElement(EmailStateBadge, { state: "failed", reason: "rejected" }), "en"))).toBe(
      "Failed: refused by the mail server",
    );
  });
});
