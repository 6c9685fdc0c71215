import { Fragment } from "react";
import { emailBreakPoints, linkifyText } from "@/lib/linkify";

/**
 * Text as written, with its web and email addresses as links. React escapes every piece:
 * nothing a user wrote is ever rendered as HTML. Links open in a new tab without giving it
 * the page (noopener noreferrer) and pass no ranking (nofollow).
 */
export function LinkedText({ text }: { text: string }) {
  let offset = 0;
  return (
    <>
      {linkifyText(text).map((part) => {
        const key = offset;
        offset += part.text.length;
        return part.kind === "text" ? (
          <Fragment key={key}>{part.text}</Fragment>
        ) : (
          <a
            key={key}
            href={part.href}
            target={part.href.startsWith("mailto:") ? undefined : "_blank"}
            rel="noopener noreferrer nofollow"
            className="text-brand-700 underline underline-offset-2 [overflow-wrap:anywhere]"
          >
            {part.text}
          </a>
        );
      })}
    </>
  );
}

/** An email address that wraps after "@" and before the dots of its domain. */
export function BreakableEmail({ email }: { email: string }) {
  let offset = 0;
  return (
    <>
      {emailBreakPoints(email).map((piece) => {
        const key = offset;
        offset += piece.length;
        return (
          <Fragment key={key}>
            {key > 0 ? <wbr /> : null}
            {piece}
          </Fragment>
        );
      })}
    </>
  );
}
