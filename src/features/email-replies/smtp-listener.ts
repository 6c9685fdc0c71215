import "server-only";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAddress } from "smtp-server";
import { bounceTokenOfAddress, replyTokenOfAddress } from "@/features/notifications";
import { logUnexpectedError } from "@/server/log";
import { receiveInboundEmail } from "./service/receive-inbound-email";

// The SMTP listener for replies and delivery reports (`npm run mail:inbound`, or inside `npm
// start` when MAIL_INBOUND_PORT is set): smtp-server takes the mail, receiveInboundEmail decides.
// Put it behind your MX or relay (Postfix transport, a provider's SMTP forward): it takes mail for
// reply and bounce addresses only, refuses the rest at RCPT (no backscatter), and answers 451 on a
// passing failure so the relay retries.

export type TInboundSmtpOptions = { port: number; host: string; maxBytes: number };
export type TInboundSmtpServer = { port: number; close: () => Promise<void> };

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startInboundSmtpServer(options: TInboundSmtpOptions): Promise<TInboundSmtpServer> {
  const server = new SMTPServer({
    name: "support-tickets-inbound",
    banner: "support replies",
    authOptional: true,
    // No certificate here: TLS belongs to the MX/relay in front of this listener.
    disabledCommands: ["AUTH", "STARTTLS"],
    size: options.maxBytes,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const ours = replyTokenOfAddress(address.address) ?? bounceTokenOfAddress(address.address);
      if (!ours) return callback(smtpError(550, "5.1.1 No such recipient"));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(smtpError(552, "5.3.4 Message too big"));
        }
        const mailFrom = session.envelope.mailFrom;
        receiveInboundEmail(Buffer.concat(chunks), {
          source: "smtp",
          envelope: {
            from: mailFrom === false ? "" : mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
          },
        }).then(
          // Refused or ignored mail is still accepted: an error answer would bounce to a sender
          // address that may be forged.
          () => callback(),
          (error: unknown) => {
            logUnexpectedError("email-replies: inbound email", error);
            callback(smtpError(451, "4.3.0 Try again later"));
          },
        );
      });
    },
  });
  server.on("error", (error) => logUnexpectedError("email-replies: SMTP listener", error));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
