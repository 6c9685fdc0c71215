// Renders one email to HTML and plain text. Pure (no server-only): it runs in the worker when
// react-dom/server is loadable there, else in the render child (render-child.ts).
import { render } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import { AccountEmail, accountSubjectOf, type TAccountEmailContent } from "./account-email";
import { NotificationEmail, subjectOf, type TEmailContent } from "./notification-email";

export type TRenderedEmail = { subject: string; html: string; text: string };

/** A ticket email, or an account email (`kind: "account"`: an invitation, an address to verify). */
export type TAnyEmailContent = TEmailContent | TAccountEmailContent;

export async function renderEmail(content: TAnyEmailContent): Promise<TRenderedEmail> {
  const isAccount = "kind" in content && content.kind === "account";
  const element: ReactElement = isAccount
    ? createElement(AccountEmail, content)
    : createElement(NotificationEmail, content as TEmailContent);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: isAccount ? accountSubjectOf(content) : subjectOf(content as TEmailContent), html, text };
}
