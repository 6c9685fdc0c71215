/**
 * The delivery report parser (RFC 3464 message/delivery-status) on reports shaped like the ones
 * real servers send: Postfix (failed and delayed), Gmail (folded multi-line diagnostic), Exim,
 * Exchange Online, a report with fields missing, two recipients without their blank line, and
 * RFC 6533's utf-8 addresses. Only codes and addresses come out, never a diagnostic's text.
 */
import { describe, expect, it } from "vitest";
import { parseDeliveryStatus } from "@/features/email-replies/delivery-status";
import { bounceCauseOf } from "@/lib/notification-values";

const crlf = (text: string) => text.replace(/\n/g, "\r\n");

const POSTFIX_FAILED = crlf(`Reporting-MTA: dns; mx.example.net
X-Postfix-Queue-ID: 4F3A21C0B2
X-Postfix-Sender: rfc822; bounce+abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnop@replies.example.com
Arrival-Date: Tue,  1 Dec 2026 10:00:00 -0500 (EST)

Final-Recipient: rfc822; Jane.Doe@Example.org
Original-Recipient: rfc822;jane.doe@example.org
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.org
Diagnostic-Code: smtp; 550 5.1.1 <jane.doe@example.org>: Recipient address rejected:
    User unknown in virtual mailbox table
`);

const POSTFIX_DELAYED = `Reporting-MTA: dns; mx.example.net
X-Postfix-Queue-ID: 77B2
Arrival-Date: Tue,  1 Dec 2026 10:00:00 -0500 (EST)

Final-Recipient: rfc822; jane@slow.example
Original-Recipient: rfc822;jane@slow.example
Action: delayed
Status: 4.4.1
Diagnostic-Code: X-Postfix; connect to mx.slow.example[203.0.113.5]:25: Connection
    timed out
Will-Retry-Until: Sun,  6 Dec 2026 10:00:00 -0500 (EST)
`;

const GMAIL = `Reporting-MTA: dns; googlemail.com
Received-From-MTA: dns; bounce+x@replies.example.com
Arrival-Date: Tue, 01 Dec 2026 07:00:00 -0800 (PST)
X-Original-Message-ID: <email-1@support.example.com>

Final-Recipient: rfc822; nobody.here@gmail.com
Action: failed
Status: 5.1.1
Remote-MTA: dns; gmail-smtp-in.l.google.com. (142.250.1.26, the server for the domain gmail.com.)
Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try
 550-5.1.1 double-checking the recipient's email address for typos or
 550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser
Last-Attempt-Date: Tue, 01 Dec 2026 07:00:01 -0800 (PST)
`;

const EXIM = `Reporting-MTA: dns; mx.school.example

Action: failed
Final-Recipient: rfc822;jane@school.example
Status: 5.0.0
Remote-MTA: dns; mail.school.example
Diagnostic-Code: smtp; 550 Unrouteable address
`;

const EXCHANGE = `Reporting-MTA: dns;BN8PR12MB1234.namprd12.prod.outlook.com
Received-From-MTA: dns;mail.example.com
Arrival-Date: Tue, 1 Dec 2026 15:00:00 +0000

Final-Recipient: rfc822;Pat@Contoso.com
Action: failed
Status: 5.1.10
Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup
`;

describe("parseDeliveryStatus", () => {
  it("reads a Postfix failure (CRLF, folded diagnostic, mixed-case address)", () => {
    expect(parseDeliveryStatus(POSTFIX_FAILED)).toEqual([
      {
        address: "jane.doe@example.org",
        finalRecipient: "jane.doe@example.org",
        originalRecipient: "jane.doe@example.org",
        action: "failed",
        status: "5.1.1",
        smtpCode: 550,
        kind: "permanent",
      },
    ]);
  });

  it("reads a Postfix delay as transient", () => {
    const [recipient] = parseDeliveryStatus(POSTFIX_DELAYED);
    expect(recipient).toMatchObject({ address: "jane@slow.example", action: "delayed", status: "4.4.1" });
    expect(recipient?.kind).toBe("transient");
    expect(recipient?.smtpCode).toBeNull();
  });

  it("reads Gmail's report, whose diagnostic is folded over three 550- lines", () => {
    expect(parseDeliveryStatus(GMAIL)).toEqual([
      expect.objectContaining({ address: "nobody.here@gmail.com", status: "5.1.1", smtpCode: 550, kind: "permanent" }),
    ]);
  });

  it("reads Exim's and Exchange Online's reports", () => {
    expect(parseDeliveryStatus(EXIM)).toEqual([
      expect.objectContaining({ address: "jane@school.example", status: "5.0.0", smtpCode: 550, kind: "permanent" }),
    ]);
    expect(parseDeliveryStatus(EXCHANGE)).toEqual([
      expect.objectContaining({ address: "pat@contoso.com", status: "5.1.10", smtpCode: 550, kind: "permanent" }),
    ]);
  });

  it("never carries a diagnostic's text", () => {
    for (const report of [POSTFIX_FAILED, POSTFIX_DELAYED, GMAIL, EXIM, EXCHANGE]) {
      const out = JSON.stringify(parseDeliveryStatus(report));
      expect(out).not.toMatch(/unknown|exist|Unrouteable|RESOLVER|timed out|support\.google/i);
    }
  });

  it("fills what is missing from what is there, and no more", () => {
    // No Status, no Action: the diagnostic's codes say it.
    expect(
      parseDeliveryStatus("Final-Recipient: rfc822; a@example.org\nDiagnostic-Code: smtp; 550 5.2.1 disabled\n"),
    ).toEqual([expect.objectContaining({ action: "failed", status: "5.2.1", smtpCode: 550, kind: "permanent" })]);
    // Only an SMTP code: its class, nothing invented beyond it.
    expect(
      parseDeliveryStatus("Final-Recipient: rfc822; a@example.org\nAction: failed\nDiagnostic-Code: smtp; 552 full\n"),
    ).toEqual([expect.objectContaining({ status: "5.0.0", smtpCode: 552, kind: "permanent" })]);
    // A failure with a 4.x.x status (a relay that gave up) is not a permanent one.
    expect(parseDeliveryStatus("Final-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 4.4.7\n")).toEqual([
      expect.objectContaining({ action: "failed", status: "4.4.7", kind: "transient" }),
    ]);
    // "failed" without any code: not known to be permanent.
    expect(parseDeliveryStatus("Final-Recipient: rfc822; a@example.org\nAction: failed\n")).toEqual([
      expect.objectContaining({ action: "failed", status: null, kind: "other" }),
    ]);
    // No Final-Recipient: the Original-Recipient (xtext-decoded) names the recipient.
    expect(parseDeliveryStatus("Original-Recipient: rfc822;jo+2Bsupport@example.org\nStatus: 5.1.1\n")).toEqual([
      expect.objectContaining({ address: "jo+support@example.org", finalRecipient: null, kind: "permanent" }),
    ]);
    // No recipient at all, a success, a per-message group only, garbage.
    expect(parseDeliveryStatus("Action: failed\nStatus: 5.1.1\n")).toEqual([
      expect.objectContaining({ address: null, kind: "permanent" }),
    ]);
    expect(
      parseDeliveryStatus("Final-Recipient: rfc822; a@example.org\nAction: delivered\nStatus: 2.0.0\n")[0]?.kind,
    ).toBe("other");
    expect(parseDeliveryStatus("Reporting-MTA: dns; mx.example.net\nArrival-Date: now\n")).toEqual([]);
    expect(parseDeliveryStatus("")).toEqual([]);
    expect(parseDeliveryStatus("\u0000\u0001 not a report at all: Status: 5.1.1")).toEqual([]);
  });

  it("separates two recipients that lack their blank line, and reads utf-8 addresses", () => {
    const report = [
      "Reporting-MTA: dns; mx.example.net",
      "",
      "Final-Recipient: rfc822; one@example.org",
      "Action: failed",
      "Status: 5.1.1",
      "Final-Recipient: utf-8; j\\x{E9}r\\x{F4}me@example.org",
      "Action: delayed",
      "Status: 4.2.2",
    ].join("\n");
    expect(parseDeliveryStatus(report).map((r) => [r.address, r.kind])).toEqual([
      ["one@example.org", "permanent"],
      ["jérôme@example.org", "transient"],
    ]);
  });

  it("refuses an address type it cannot read rather than guess", () => {
    expect(parseDeliveryStatus("Final-Recipient: x400; c=ca;a= ;p=school;s=doe\nStatus: 5.1.1\n")).toEqual([
      expect.objectContaining({ address: null }),
    ]);
  });
});

describe("bounceCauseOf", () => {
  it("names the subject of an enhanced status code, and nothing for what is not one", () => {
    expect(bounceCauseOf("5.1.1")).toBe("addressing");
    expect(bounceCauseOf("5.2.2")).toBe("mailbox");
    expect(bounceCauseOf("5.7.1")).toBe("policy");
    expect(bounceCauseOf("5.0.0")).toBe("other");
    expect(bounceCauseOf("5.9.1")).toBe("other");
    expect(bounceCauseOf("550 unknown")).toBeNull();
  });
});
