import "server-only";
import {
  LIVE_PRESENCE_CHANNEL,
  LIVE_TICKET_CHANNEL,
  LIVE_USER_NOTIFICATION_CHANNEL,
  type TPresenceNotice,
  type TTicketNotice,
  type TUserNotificationNotice,
} from "./channels";
import { LiveListener } from "./listener";
import {
  LIVE_EVENT_NOTIFICATION,
  LIVE_EVENT_PRESENCE,
  LIVE_EVENT_RELOAD,
  LIVE_EVENT_TICKET,
  LIVE_PRESENCE_TTL_SECONDS,
  LIVE_TYPING_TTL_SECONDS,
  type TLivePresence,
  type TLiveTicketEvent,
} from "./live-values";
import {
  listEventsSince,
  loadAdminView,
  loadEventBase,
  loadStudentView,
  parseCursor,
  type TEventBase,
} from "./repository";

export type TLiveViewer = { id: string; isAdmin: boolean };

/** One open browser stream, as the hub sees it. */
export type TLiveSubscriber = {
  viewer: TLiveViewer;
  /** The admin ticket page it is on (presence), if any. */
  ticketId: string | null;
  send: (chunk: string) => void;
};

type TPresenceEntry = { name: string; seenUntil: number; typingUntil: number };

/** A cache of one event's views: all admins share one, each other viewer has their own. */
type TViewCache = Map<string, Promise<TLiveTicketEvent | null>>;

export function sseEvent(event: string, data: unknown, id?: string): string {
  return `${id ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The in-memory fan-out of one app process: its one LISTEN connection feeds every stream
 * open on this process. For each event, what each viewer may see is read under that viewer's
 * RLS, once per shape: one query for all admins, one per owning student; everyone else
 * gets nothing without a query (RLS would refuse them anyway).
 */
export class LiveHub {
  private readonly subscribers = new Set<TLiveSubscriber>();
  private readonly presence = new Map<string, Map<string, TPresenceEntry>>();
  private readonly listener: LiveListener;
  private queue: Promise<void> = Promise.resolve();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    connectionString: string,
    private readonly options: { maxClients: number; resumeWindowSeconds: number; replayLimit?: number },
  ) {
    const channels = [LIVE_TICKET_CHANNEL, LIVE_PRESENCE_CHANNEL, LIVE_USER_NOTIFICATION_CHANNEL];
    this.listener = new LiveListener(connectionString, channels, {
      onNotification: (channel, payload) => this.receive(channel, payload),
      onReconnected: () => this.broadcastReload(),
    });
    this.sweeper = setInterval(() => this.sweepPresence(), 2_000);
    this.sweeper.unref();
  }

  ready(): Promise<void> {
    return this.listener.ready();
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Adds a stream; null when this process already holds its maximum. */
  subscribe(subscriber: TLiveSubscriber): (() => void) | null {
    if (this.subscribers.size >= this.options.maxClients) return null;
    this.subscribers.add(subscriber);
    if (subscriber.viewer.isAdmin && subscriber.ticketId) {
      subscriber.send(sseEvent(LIVE_EVENT_PRESENCE, this.presenceOf(subscriber.ticketId)));
    }
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  /** Sends what a reconnecting stream missed since `lastEventId`, or a "reload" hint. */
  async replay(subscriber: TLiveSubscriber, lastEventId: string): Promise<void> {
    const cursor = parseCursor(lastEventId);
    const events = cursor
      ? await listEventsSince(
          cursor,
          subscriber.viewer,
          this.options.resumeWindowSeconds,
          this.options.replayLimit ?? 200,
        )
      : "too-old";
    if (events === "too-old") {
      subscriber.send(sseEvent(LIVE_EVENT_RELOAD, {}));
      return;
    }
    for (const base of events) {
      const view = await this.viewFor(subscriber.viewer, base, new Map());
      if (view) subscriber.send(sseEvent(LIVE_EVENT_TICKET, view, base.cursor));
    }
  }

  private receive(channel: string, payload: string): void {
    if (channel === LIVE_TICKET_CHANNEL) {
      const notice = parseJson<TTicketNotice>(payload);
      if (!notice || typeof notice.h !== "string") return;
      // One event at a time, in commit order, so a browser never sees them swapped.
      this.queue = this.queue.then(() => this.dispatch(notice.h)).catch(() => {});
    } else if (channel === LIVE_USER_NOTIFICATION_CHANNEL) {
      const notice = parseJson<TUserNotificationNotice>(payload);
      if (notice && typeof notice.u === "string" && typeof notice.n === "string") this.notifyUser(notice);
    } else if (channel === LIVE_PRESENCE_CHANNEL) {
      const notice = parseJson<TPresenceNotice>(payload);
      if (notice && typeof notice.t === "string" && typeof notice.u === "string") this.notePresence(notice);
    }
  }

  private async dispatch(historyId: string): Promise<void> {
    const base = await loadEventBase(historyId);
    if (!base) return;
    const cache: TViewCache = new Map();
    const deliveries: Promise<void>[] = [];
    for (const subscriber of this.subscribers) {
      if (!subscriber.viewer.isAdmin && subscriber.viewer.id !== base.ownerId) continue;
      deliveries.push(
        this.viewFor(subscriber.viewer, base, cache).then((view) => {
          if (view) subscriber.send(sseEvent(LIVE_EVENT_TICKET, view, base.cursor));
        }),
      );
    }
    await Promise.allSettled(deliveries);
  }

  private viewFor(viewer: TLiveViewer, base: TEventBase, cache: TViewCache): Promise<TLiveTicketEvent | null> {
    if (!viewer.isAdmin && viewer.id !== base.ownerId) return Promise.resolve(null);
    const key = viewer.isAdmin ? "admin" : `user:${viewer.id}`;
    let view = cache.get(key);
    if (!view) {
      view = (viewer.isAdmin ? loadAdminView(viewer.id, base.historyId) : loadStudentView(viewer.id, base)).catch(
        () => null,
      );
      cache.set(key, view);
    }
    return view;
  }

  private notePresence(notice: TPresenceNotice): void {
    let viewers = this.presence.get(notice.t);
    if (notice.leave) {
      if (!viewers?.delete(notice.u)) return;
    } else {
      if (!viewers) {
        viewers = new Map();
        this.presence.set(notice.t, viewers);
      }
      const now = Date.now();
      const before = viewers.get(notice.u);
      viewers.set(notice.u, {
        name: String(notice.n ?? "").slice(0, 200),
        seenUntil: now + LIVE_PRESENCE_TTL_SECONDS * 1000,
        typingUntil: notice.typing ? now + LIVE_TYPING_TTL_SECONDS * 1000 : 0,
      });
      // A plain keep-alive ping changes nothing the pages show.
      if (before && before.typingUntil > now === Boolean(notice.typing)) return;
    }
    this.broadcastPresence(notice.t);
  }

  private presenceOf(ticketId: string): TLivePresence {
    const now = Date.now();
    const viewers = [...(this.presence.get(ticketId) ?? new Map<string, TPresenceEntry>()).entries()]
      .filter(([, entry]) => entry.seenUntil > now)
      .map(([id, entry]) => ({ id, name: entry.name, typing: entry.typingUntil > now }));
    return { ticketId, viewers };
  }

  private broadcastPresence(ticketId: string): void {
    const chunk = sseEvent(LIVE_EVENT_PRESENCE, this.presenceOf(ticketId));
    for (const subscriber of this.subscribers) {
      if (subscriber.viewer.isAdmin && subscriber.ticketId === ticketId) subscriber.send(chunk);
    }
  }

  private sweepPresence(): void {
    const now = Date.now();
    for (const [ticketId, viewers] of this.presence) {
      let changed = false;
      for (const [userId, entry] of viewers) {
        if (entry.seenUntil <= now) {
          viewers.delete(userId);
          changed = true;
        } else if (entry.typingUntil !== 0 && entry.typingUntil <= now) {
          entry.typingUntil = 0;
          changed = true;
        }
      }
      if (viewers.size === 0) this.presence.delete(ticketId);
      if (changed) this.broadcastPresence(ticketId);
    }
  }

  /**
   * A new in-app notification: only its user's streams hear of it, with its id only (the bell
   * reads the notification itself under that user's RLS).
   */
  private notifyUser(notice: TUserNotificationNotice): void {
    const chunk = sseEvent(LIVE_EVENT_NOTIFICATION, { id: notice.n });
    for (const subscriber of this.subscribers) {
      if (subscriber.viewer.id === notice.u) subscriber.send(chunk);
    }
  }

  private broadcastReload(): void {
    const chunk = sseEvent(LIVE_EVENT_RELOAD, {});
    for (const subscriber of this.subscribers) subscriber.send(chunk);
  }

  /** Test hook: the listening connection drops as on a network failure. */
  dropListenerForTest(): void {
    this.listener.dropConnectionForTest();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    await this.listener.stop();
    await this.queue;
  }
}

function parseJson<T>(text: string): T | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as T) : null;
  } catch {
    return null;
  }
}
