import { describe, expect, it } from "vitest";
import { MESSAGE_MAX, ZAddMessageInput, ZCreateTicketInput } from "@/features/tickets/schemas";

// A textarea posted by a form sends its line breaks as CRLF (HTML's rule): stored as LF, a
// paragraph break stays one blank line and counts as the characters the student typed.
describe("ticket text line breaks", () => {
  it("stores CRLF and lone CR as LF in the description, the subject and a message", () => {
    const ticket = ZCreateTicketInput.parse({
      subject: "Deux\r\nlignes",
      description: "Premier paragraphe.\r\n\r\nDeuxième paragraphe.\rFin.",
      category: "autre",
    });
    expect(ticket.subject).toBe("Deux\nlignes");
    expect(ticket.description).toBe("Premier paragraphe.\n\nDeuxième paragraphe.\nFin.");
    const message = ZAddMessageInput.parse({
      ticketId: "6f1c7e0e-0b7a-4c43-9a53-2f4b3f7d1a10",
      message: "Bonjour\r\n\r\nMerci",
    });
    expect(message.message).toBe("Bonjour\n\nMerci");
  });

  it("counts the limit after the conversion (CRLF is one character, as typed)", () => {
    // MESSAGE_MAX characters once converted, more than MESSAGE_MAX as posted.
    const lines = Math.floor(MESSAGE_MAX / 2);
    const posted = `${"x\r\n".repeat(lines - 1)}x`.padEnd(MESSAGE_MAX + lines - 1, "y");
    expect(posted.length).toBeGreaterThan(MESSAGE_MAX);
    const result = ZAddMessageInput.safeParse({ ticketId: "6f1c7e0e-0b7a-4c43-9a53-2f4b3f7d1a10", message: posted });
    expect(result.success).toBe(true);
    expect(result.data?.message.length).toBe(MESSAGE_MAX);
  });
});
