// What leaves the server about emails and in-app notifications: explicit shapes, never a raw row.
import type { TEmailState, TEmailType, TNotificationType } from "@/lib/notification-values";

export type TEmailLogItem = {
  id: string;
  type: TEmailType;
  recipientEmail: string;
  locale: string;
  ticketId: string | null;
  ticketNumber: number | null;
  state: TEmailState;
  stateReason: string | null;
  attempts: number;
  lastError: string | null;
  /** The row whose email carried this one, when it is not itself (coalesced replies). */
  mergedInto: string | null;
  /** The row a "Renvoyer" made from this failed one. */
  resentAs: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

export type TEmailLogPage = { items: TEmailLogItem[]; nextCursor: string | null };

export type TEmailDetails = TEmailLogItem & {
  subject: string | null;
  html: string | null;
  text: string | null;
  messageId: string | null;
};

export type TNotificationPreference = { type: TNotificationType; enabled: boolean; inApp: boolean };

/** An address the relay refused for good: no email goes to it until it is lifted. */
export type TEmailSuppression = { userId: string; email: string; reason: string; createdAt: Date };

export type TResendResult = { ok: true; id: string } | { ok: false; reason: "suppressed" | "not_failed" };

export type TCategoryChoice = { slug: string; label: string; subscribed: boolean };

/** One bell entry: what happened on which request; never a message's text or a person's name. */
export type TInAppNotification = {
  id: string;
  type: TNotificationType;
  ticketId: string | null;
  ticketNumber: number | null;
  subject: string;
  read: boolean;
  createdAt: Date;
};

export type TInAppPage = { items: TInAppNotification[]; nextCursor: string | null; unread: number };
