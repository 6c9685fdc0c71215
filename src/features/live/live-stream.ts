import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { databaseUrl, getPool } from "@/server/db/client";
import { env } from "@/server/env";
import { isUuid } from "@/server/text-shapes";
import { LIVE_PRESENCE_CHANNEL, type TPresenceNotice } from "./channels";
import { LiveHub, type TLiveSubscriber } from "./hub";

const encoder = new TextEncoder();

/** Streams open on this process, so a shutdown can end them all. */
const openStreams = new Set<() => void>();

const globalForLive = globalThis as unknown as { __liveHub?: LiveHub };

/** This process's hub (and its one LISTEN connection), made on the first stream. */
export function getLiveHub(): LiveHub {
  if (!globalForLive.__liveHub) {
    globalForLive.__liveHub = new LiveHub(databaseUrl(), {
      maxClients: env().LIVE_MAX_CLIENTS,
      resumeWindowSeconds: env().LIVE_RESUME_WINDOW_SECONDS,
    });
    // Streams never end by themselves: on shutdown, end them so the server can drain (the
    // browsers reconnect to another process, or to this one once it is back).
    // If nothing else handles the signal (Next.js does, unless NEXT_MANUAL_SIG_HANDLE is set),
    // raise it again so that listening to it never keeps the process alive.
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        closeAllLiveStreams();
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    }
  }
  return globalForLive.__liveHub;
}

export function closeAllLiveStreams(): void {
  for (const close of [...openStreams]) close();
}

export type TLiveStreamOptions = {
  hub: LiveHub;
  /** Checked every `sessionCheckMs`: false (signed out, session expired) ends the stream. */
  stillSignedIn: () => Promise<boolean>;
  heartbeatMs: number;
  sessionCheckMs: number;
};

const displayName = (user: TSessionUser) => `${user.firstName} ${user.lastName}`.trim() || user.email;

/** Announces an admin's presence ping (or leave) to every app process on this database. */
export async function notifyPresence(
  user: TSessionUser,
  ticketId: string,
  change: { typing?: boolean; leave?: boolean },
) {
  const notice: TPresenceNotice = {
    t: ticketId,
    u: user.id,
    n: displayName(user),
    typing: Boolean(change.typing),
    ...(change.leave ? { leave: true } : {}),
  };
  await getPool().query("select pg_notify($1, $2)", [LIVE_PRESENCE_CHANNEL, JSON.stringify(notice)]);
}

/**
 * One browser's Server-Sent Events stream: replays what it missed (Last-Event-ID), then
 * whatever the hub sends it, with a heartbeat comment every `heartbeatMs`. No compression
 * (`no-transform`) and no proxy buffering (`X-Accel-Buffering: no`), so each event leaves at once.
 */
export function openLiveStream(request: Request, user: TSessionUser, options: TLiveStreamOptions): Response {
  const url = new URL(request.url);
  const ticketParam = url.searchParams.get("ticket");
  const ticketId = ticketParam && isUuid(ticketParam) ? ticketParam : null;
  const lastEventId = request.headers.get("last-event-id") ?? url.searchParams.get("lastEventId");
  const isAdmin = user.role === "admin";
  let cleanup = () => {};

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      // An event can come both from the Last-Event-ID replay and live (it committed while the
      // replay ran): the ids sent lately let the second copy go unsent.
      const sentIds: string[] = [];
      const write = (chunk: string) => {
        if (closed) return;
        if (chunk.startsWith("id: ")) {
          const id = chunk.slice(4, chunk.indexOf("\n"));
          if (sentIds.includes(id)) return;
          sentIds.push(id);
          if (sentIds.length > 256) sentIds.shift();
        }
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup();
        }
      };
      const subscriber: TLiveSubscriber = { viewer: { id: user.id, isAdmin }, ticketId, send: write };
      write(`retry: 3000\n: connected\n\n`);
      const unsubscribe = options.hub.subscribe(subscriber);
      if (!unsubscribe) {
        write(`event: busy\ndata: {}\n\n`);
        controller.close();
        return;
      }
      const heartbeat = setInterval(() => write(": heartbeat\n\n"), options.heartbeatMs);
      const sessionCheck = setInterval(() => {
        options.stillSignedIn().then(
          (signedIn) => {
            if (!signedIn) cleanup();
          },
          () => {},
        );
      }, options.sessionCheckMs);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        clearInterval(sessionCheck);
        unsubscribe();
        openStreams.delete(cleanup);
        request.signal.removeEventListener("abort", cleanup);
        if (isAdmin && ticketId) void notifyPresence(user, ticketId, { leave: true }).catch(() => {});
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      openStreams.add(cleanup);
      request.signal.addEventListener("abort", cleanup);
      if (lastEventId) void options.hub.replay(subscriber, lastEventId).catch(() => {});
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
