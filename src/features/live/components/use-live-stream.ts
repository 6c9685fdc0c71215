"use client";

import { useEffect, useRef } from "react";
import {
  LIVE_EVENT_NOTIFICATION,
  LIVE_EVENT_PRESENCE,
  LIVE_EVENT_RELOAD,
  LIVE_EVENT_TICKET,
  type TLiveNotification,
  type TLivePresence,
  type TLiveTicketEvent,
} from "../live-values";

export type TLiveHandlers = {
  onTicket?: (event: TLiveTicketEvent) => void;
  onPresence?: (presence: TLivePresence) => void;
  /** A new in-app notification for the signed-in user (the bell). */
  onNotification?: (notification: TLiveNotification) => void;
  /** The server could not replay what was missed (or lost its own connection): refetch. */
  onReload?: () => void;
};

type TSubscription = { ticketId: string | null; handlers: { current: TLiveHandlers } };

// One EventSource per tab, shared by every component that listens (the bell in the header and
// the page's list or ticket), so a tab holds one stream, never one per component. Its URL
// carries the ticket of the admin page that is open (presence); when that changes, the stream
// is reopened with the last event id, so the server replays what the switch missed.
const subscriptions = new Set<TSubscription>();
let source: EventSource | null = null;
let sourceTicket: string | null = null;
let lastEventId: string | null = null;

function wantedTicket(): string | null {
  for (const subscription of subscriptions) if (subscription.ticketId) return subscription.ticketId;
  return null;
}

function dispatch<T>(event: Event, pick: (handlers: TLiveHandlers) => ((data: T) => void) | undefined) {
  const message = event as MessageEvent<string>;
  if (message.lastEventId) lastEventId = message.lastEventId;
  let data: T;
  try {
    data = JSON.parse(message.data) as T;
  } catch {
    return;
  }
  for (const subscription of [...subscriptions]) pick(subscription.handlers.current)?.(data);
}

function sync(): void {
  if (subscriptions.size === 0) {
    source?.close();
    source = null;
    return;
  }
  const ticket = wantedTicket();
  if (source && sourceTicket === ticket) return;
  source?.close();
  const params = new URLSearchParams();
  if (ticket) params.set("ticket", ticket);
  if (lastEventId) params.set("lastEventId", lastEventId);
  const query = params.toString();
  const opened = new EventSource(query ? `/api/live?${query}` : "/api/live");
  opened.addEventListener(LIVE_EVENT_TICKET, (event) => dispatch<TLiveTicketEvent>(event, (h) => h.onTicket));
  opened.addEventListener(LIVE_EVENT_PRESENCE, (event) => dispatch<TLivePresence>(event, (h) => h.onPresence));
  opened.addEventListener(LIVE_EVENT_NOTIFICATION, (event) =>
    dispatch<TLiveNotification>(event, (h) => h.onNotification),
  );
  opened.addEventListener(LIVE_EVENT_RELOAD, () => {
    for (const subscription of [...subscriptions]) subscription.handlers.current.onReload?.();
  });
  source = opened;
  sourceTicket = ticket;
}

/**
 * Listens to this tab's live stream (/api/live) for as long as the component is mounted.
 * EventSource reconnects by itself and sends Last-Event-ID, so the server replays what was missed.
 */
export function useLiveStream(ticketId: string | null, handlers: TLiveHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const subscription: TSubscription = { ticketId, handlers: latest };
    subscriptions.add(subscription);
    sync();
    return () => {
      subscriptions.delete(subscription);
      // After the page's effects of a navigation have run: a new page's listeners keep the
      // stream rather than closing and reopening it.
      setTimeout(sync, 0);
    };
  }, [ticketId]);
}
