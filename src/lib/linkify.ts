/**
 * Splits a message into text and links, for rendering as React nodes (never as HTML: what a
 * user wrote is always text). Only http://, https:// and mailto: are links; anything else
 * (javascript:, data:, a bare "www.") stays text. Trailing punctuation that usually ends a
 * sentence (".", ",", ")", "»"…) is left out of the link.
 */
export type TTextPart = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

const CANDIDATE = /\b(?:https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/gi;
const TRAILING = /[.,;:!?'"»)\]}]+$/;

function safeHref(candidate: string): string | null {
  if (/^[^:/@\s]+@/.test(candidate) && !/^mailto:/i.test(candidate)) return `mailto:${candidate}`;
  try {
    const url = new URL(candidate);
    if (url.protocol === "http:" || url.protocol === "https:") return url.href;
    if (url.protocol === "mailto:" && /^[^@\s]+@[^@\s]+$/.test(decodeURIComponent(url.pathname))) return url.href;
  } catch {
    return null;
  }
  return null;
}

export function linkifyText(text: string): TTextPart[] {
  const parts: TTextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    let candidate = match[0];
    const start = match.index ?? 0;
    // Keep a closing parenthesis that belongs to the URL (Wikipedia-style "(…)").
    const trailing = candidate.match(TRAILING)?.[0] ?? "";
    if (trailing) {
      const balanced = trailing.startsWith(")") && candidate.split("(").length > candidate.split(")").length - 1;
      if (!balanced) candidate = candidate.slice(0, candidate.length - trailing.length);
    }
    const href = safeHref(candidate);
    if (!href) continue;
    if (start > last) parts.push({ kind: "text", text: text.slice(last, start) });
    parts.push({ kind: "link", text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}

/**
 * An email address with break opportunities after "@" and before each "." of its domain, so
 * a long address wraps there rather than mid-word (or not at all). Returns the pieces to join
 * with <wbr />.
 */
export function emailBreakPoints(email: string): string[] {
  const at = email.indexOf("@");
  if (at < 0) return [email];
  const local = email.slice(0, at + 1);
  const domain = email.slice(at + 1).split(/(?=\.)/);
  return [local, ...domain];
}
