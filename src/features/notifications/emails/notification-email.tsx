// The one email layout (React Email: tables and inline styles that Gmail and Outlook render).
// Pure: no server-only, no env; the worker renders it in process or in a render child.
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import type { TEmailType } from "../../../lib/notification-values";
import { EMAIL_STRINGS, type TEmailLocale } from "./strings";

export type TEmailContent = {
  type: TEmailType;
  locale: TEmailLocale;
  ticketNumber: number;
  ticketSubject: string;
  category?: string;
  studentEmail?: string | null;
  /** The new public messages, oldest first (never an internal note: the consumer never passes one). */
  messages: string[];
  ticketUrl: string;
  /** The resolved email's "rate the help" link (the ticket page's rating form); none for the other types. */
  ratingUrl?: string;
  preferencesUrl: string;
  /** Absent for a system email (reply_closed): nothing to switch off. */
  unsubscribeUrl?: string;
};

const colors = { brand: "#1d4ed8", text: "#0f172a", muted: "#475569", quote: "#f1f5f9", border: "#cbd5e1" };

export function NotificationEmail(props: TEmailContent) {
  const s = EMAIL_STRINGS[props.locale];
  const typeStrings = s.types[props.type];
  const count = Math.max(props.messages.length, 1);
  const isAdmin = props.type === "new_request" || props.type === "student_reply" || props.type === "ticket_assigned";
  const quoteLabel = props.type === "support_reply" ? s.supportWrote : isAdmin ? s.studentWrote : s.youWrote;
  return (
    <Html lang={props.locale === "en" ? "en" : "fr-CA"}>
      <Head />
      <Preview>{`${s.prefix(props.ticketNumber)} ${typeStrings.subject(count, props.ticketSubject)}`}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "Arial, Helvetica, sans-serif", color: colors.text }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px" }}>
          <Text style={{ color: colors.brand, fontWeight: 700, fontSize: "13px", margin: 0 }}>Soutien</Text>
          <Heading as="h1" style={{ fontSize: "20px", margin: "8px 0" }}>
            {typeStrings.heading(count)}
          </Heading>
          <Text style={{ color: colors.muted, margin: "0 0 4px" }}>
            {s.prefix(props.ticketNumber)} {props.ticketSubject}
          </Text>
          <Text>{typeStrings.intro}</Text>
          {isAdmin && props.category ? (
            <Text style={{ color: colors.muted, fontSize: "14px" }}>
              {s.category} : {props.category}
              {props.studentEmail ? ` · ${s.student} : ${props.studentEmail}` : ""}
            </Text>
          ) : null}
          {props.messages.map((message, index) => (
            <Section
              // biome-ignore lint/suspicious/noArrayIndexKey: the messages are a fixed list, in order
              key={index}
              style={{ backgroundColor: colors.quote, borderLeft: `4px solid ${colors.border}`, padding: "8px 16px" }}
            >
              <Text style={{ color: colors.muted, fontSize: "13px", margin: "4px 0" }}>{quoteLabel}</Text>
              <Text style={{ whiteSpace: "pre-wrap", margin: "4px 0" }}>{message}</Text>
            </Section>
          ))}
          <Section style={{ padding: "16px 0" }}>
            <Button
              href={props.ticketUrl}
              style={{ backgroundColor: colors.brand, color: "#ffffff", padding: "12px 20px", borderRadius: "6px" }}
            >
              {s.button}
            </Button>
          </Section>
          {props.type === "request_resolved" && props.ratingUrl ? (
            <Text>
              {s.ratePrompt} <Link href={props.ratingUrl}>{s.rateLink}</Link>
            </Text>
          ) : null}
          <Hr style={{ borderColor: colors.border }} />
          <Text style={{ color: colors.muted, fontSize: "12px" }}>
            {s.footer} <Link href={props.preferencesUrl}>{s.preferences}</Link>
            {props.unsubscribeUrl ? (
              <>
                {" · "}
                <Link href={props.unsubscribeUrl}>{s.unsubscribe(s.typeLabels[props.type])}</Link>
              </>
            ) : null}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function subjectOf(
  content: Pick<TEmailContent, "type" | "locale" | "ticketNumber" | "ticketSubject" | "messages">,
) {
  const s = EMAIL_STRINGS[content.locale];
  const count = Math.max(content.messages.length, 1);
  // Header values are one line: a subject typed with a line break must not split it.
  const line = s.types[content.type].subject(count, content.ticketSubject).replace(/[\r\n]+/g, " ");
  return `${s.prefix(content.ticketNumber)} ${line}`;
}
