import "server-only";
import EmailReplyParser from "email-reply-parser";
import { MESSAGE_MAX } from "@/lib/ticket-values";

// The new text of a reply: quoted history ("Le … a écrit :", "On … wrote:", "> …", Outlook's
// "From:/De :" block) and signatures ("-- ", "Sent from my iPhone", "Cordialement,") are cut by
// email-reply-parser (Crisp's, ~10 languages, French included); what is left is trimmed to what
// a message may hold.

/** Input cap before the parser's regular expressions run (a reply is never this long). */
const MAX_INPUT_CHARS = 100_000;

export function extractReplyText(text: string): string {
  const input = text
    .slice(0, MAX_INPUT_CHARS)
    .replace(/\r\n?/g, "\n")
    // PostgreSQL refuses NUL bytes in text.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
  const visible = new EmailReplyParser().read(input).getVisibleText().trim();
  if (visible.length <= MESSAGE_MAX) return visible;
  return `${visible.slice(0, MESSAGE_MAX - 1).trimEnd()}…`;
}
