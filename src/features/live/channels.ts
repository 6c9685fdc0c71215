import "server-only";

/** NOTIFY channel of ticket events: payload `{ h: historyId, t: ticketId, y: type }`. */
export const LIVE_TICKET_CHANNEL = "live_ticket_events";
/** NOTIFY channel of admin presence pings: payload `{ t, u, n, typing, leave }`. */
export const LIVE_PRESENCE_CHANNEL = "live_presence";

export type TTicketNotice = { h: string; t: string; y: string };
export type TPresenceNotice = { t: string; u: string; n: string; typing: boolean; leave?: boolean };
/** NOTIFY channel of new in-app notifications (trigger of migration 0029): payload `{ u: userId, n: id }`. */
export const LIVE_USER_NOTIFICATION_CHANNEL = "live_user_notifications";
export type TUserNotificationNotice = { u: string; n: string };
