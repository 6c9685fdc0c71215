import "server-only";

// The per-recipient fields of a delivery report (RFC 3464's message/delivery-status part, or
// RFC 6533's message/global-delivery-status), read robustly: groups of "Name: value" fields
// separated by blank lines (the first is about the message, each other one about a recipient),
// folded lines, any case, missing or extra fields, and a producer that forgets a blank line
// between two recipients. Only codes and addresses come out, never a Diagnostic-Code's text (a
// remote server may quote anything there).

export type TDsnAction = "failed" | "delayed" | "delivered" | "relayed" | "expanded";

export type TDsnRecipient = {
  /** Final-Recipient, or Original-Recipient when it is missing; lowercase. */
  address: string | null;
  finalRecipient: string | null;
  originalRecipient: string | null;
  /** The Action field, or what the status implies when it is missing or unknown. */
  action: TDsnAction | null;
  /** "5.1.1": the Status field, or the enhanced code of the Diagnostic-Code, or "5.0.0" from its SMTP code. */
  status: string | null;
  /** The Diagnostic-Code's SMTP reply code (550), if it has one. */
  smtpCode: number | null;
  /** failed with 5.x.x: permanent; delayed or 4.x.x: transient; anything else: other. */
  kind: "permanent" | "transient" | "other";
};

/** A report is small; past this it is not one we read (a hostile one). */
const MAX_CHARS = 64 * 1024;
const MAX_RECIPIENTS = 100;
const ACTIONS: readonly TDsnAction[] = ["failed", "delayed", "delivered", "relayed", "expanded"];
/** A group with one of these is about a recipient (the message's own group has none of them). */
const RECIPIENT_FIELDS = ["final-recipient", "original-recipient", "action", "status", "diagnostic-code"];

type TFields = Map<string, string>;

/** "rfc822; <Jane@Example.org>" → "jane@example.org"; an address type we cannot read → null. */
function addressOf(value: string | undefined, xtext: boolean): string | null {
  if (!value) return null;
  const semicolon = value.indexOf(";");
  const type = semicolon >= 0 ? value.slice(0, semicolon).trim().toLowerCase() : "rfc822";
  let address = (semicolon >= 0 ? value.slice(semicolon + 1) : value).trim();
  if (type !== "rfc822" && type !== "utf-8") return null;
  // RFC 3461: an ORCPT may be xtext ("+2B" for "+"); RFC 6533's utf-8 type escapes as \x{HEX}.
  if (xtext && type === "rfc822")
    address = address.replace(/\+([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  if (type === "utf-8") {
    address = address.replace(/\\x\{([0-9A-Fa-f]{1,6})\}/g, (_, hex: string) => {
      const code = Number.parseInt(hex, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : "";
    });
  }
  address = address.replace(/^<|>$/g, "").trim().toLowerCase();
  if (address.length > 320 || !/^[^\s@<>]+@[^\s@<>]+$/.test(address)) return null;
  return address;
}

function statusOf(value: string | undefined): string | null {
  const match = /^\s*([245])\.(\d{1,3})\.(\d{1,3})(?!\d)/.exec(value ?? "");
  return match ? `${match[1]}.${match[2]}.${match[3]}` : null;
}

/** "smtp; 550 5.1.1 <jane@…>: User unknown" → { smtpCode: 550, status: "5.1.1" }. Nothing else. */
function diagnosticCodes(value: string | undefined): { smtpCode: number | null; status: string | null } {
  if (!value) return { smtpCode: null, status: null };
  const semicolon = value.indexOf(";");
  const type = semicolon >= 0 ? value.slice(0, semicolon).trim().toLowerCase() : "smtp";
  const text = semicolon >= 0 ? value.slice(semicolon + 1) : value;
  if (type !== "smtp" && type !== "x-unix" && type !== "x-postfix") return { smtpCode: null, status: null };
  const reply = /^\s*([245]\d\d)(?:[\s-]|$)/.exec(text);
  const enhanced = /(?:^|[\s-])([245]\.\d{1,3}\.\d{1,3})(?![\d.])/.exec(text.slice(0, 200));
  return { smtpCode: reply ? Number(reply[1]) : null, status: enhanced?.[1] ?? null };
}

function recipientOf(fields: TFields): TDsnRecipient {
  const finalRecipient = addressOf(fields.get("final-recipient"), false);
  const originalRecipient = addressOf(fields.get("original-recipient"), true);
  const diagnostic = diagnosticCodes(fields.get("diagnostic-code"));
  const status =
    statusOf(fields.get("status")) ??
    diagnostic.status ??
    (diagnostic.smtpCode !== null ? `${String(diagnostic.smtpCode)[0]}.0.0` : null);
  const word = /^\s*([a-z]+)/i.exec(fields.get("action") ?? "")?.[1]?.toLowerCase();
  const named = ACTIONS.find((a) => a === word) ?? null;
  const statusClass = status?.[0];
  const action: TDsnAction | null =
    named ??
    (statusClass === "5" ? "failed" : statusClass === "4" ? "delayed" : statusClass === "2" ? "delivered" : null);
  const kind =
    action === "failed" && statusClass === "5"
      ? "permanent"
      : action === "delayed" || statusClass === "4"
        ? "transient"
        : "other";
  return {
    address: finalRecipient ?? originalRecipient,
    finalRecipient,
    originalRecipient,
    action,
    status,
    smtpCode: diagnostic.smtpCode,
    kind,
  };
}

/** The report's groups of fields; a repeated Final-Recipient inside a group starts a new one. */
function groupsOf(text: string): TFields[] {
  const groups: TFields[] = [];
  let current: TFields = new Map();
  let lastName: string | null = null;
  const close = () => {
    if (current.size > 0) groups.push(current);
    current = new Map();
    lastName = null;
  };
  for (const line of text.slice(0, MAX_CHARS).replace(/\r\n?/g, "\n").split("\n")) {
    if (line.trim() === "") {
      close();
      continue;
    }
    if (/^[ \t]/.test(line)) {
      // A folded line continues the previous field.
      if (lastName !== null) current.set(lastName, `${current.get(lastName) ?? ""} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[a-z0-9-]{1,64}$/.test(name)) continue;
    if (name === "final-recipient" && current.has("final-recipient")) close();
    // The first of a repeated field counts, and its folded lines with it.
    if (current.has(name)) {
      lastName = null;
      continue;
    }
    current.set(name, line.slice(colon + 1).trim());
    lastName = name;
  }
  close();
  return groups;
}

/** The recipients a delivery report is about (empty when it names none). */
export function parseDeliveryStatus(text: string): TDsnRecipient[] {
  return groupsOf(text)
    .filter((fields) => RECIPIENT_FIELDS.some((name) => fields.has(name)))
    .slice(0, MAX_RECIPIENTS)
    .map(recipientOf);
}
