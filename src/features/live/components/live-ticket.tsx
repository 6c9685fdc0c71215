"use client";

import { useTranslations } from "next-intl";
import {
  createContext,
  type FormEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { Button } from "@/components/ui/button";
import { useRouter } from "@/i18n/navigation";
import { LIVE_PRESENCE_PING_SECONDS, type TLivePresence } from "../live-values";
import { useLiveStream } from "./use-live-stream";

type TLiveTicketState = {
  audience: "admin" | "student";
  currentUserId: string;
  viewers: TLivePresence["viewers"];
  /** A public reply by someone else since this page loaded (or since the last send). */
  otherReply: { name: string } | null;
  /** A support reply arrived on a student's page. */
  newReply: boolean;
  clearOtherReply: () => void;
  noteTyping: () => void;
};

const LiveTicketContext = createContext<TLiveTicketState | null>(null);

async function ping(ticketId: string, typing: boolean): Promise<void> {
  await fetch("/api/live/presence", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ticketId, typing }),
    keepalive: true,
  }).catch(() => {});
}

/**
 * A ticket page's live link: refetches the page (router.refresh) when this ticket changes,
 * and, for admins, pings presence every few seconds (and "typing" while they type) so the
 * other admins on the page see them.
 */
export function LiveTicket({
  ticketId,
  currentUserId = "",
  audience,
  children,
}: {
  ticketId: string;
  /** Admins: their own id, so their own replies and presence are not someone else's. */
  currentUserId?: string;
  audience: "admin" | "student";
  children: ReactNode;
}) {
  const router = useRouter();
  const t = useTranslations("live.ticket");
  const [viewers, setViewers] = useState<TLivePresence["viewers"]>([]);
  const [otherReply, setOtherReply] = useState<{ name: string } | null>(null);
  const [newReply, setNewReply] = useState(false);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const typingUntil = useRef(0);

  const refreshSoon = useCallback(() => {
    if (refreshTimer.current) clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => router.refresh(), 100);
  }, [router]);

  useLiveStream(audience === "admin" ? ticketId : null, {
    onTicket: (event) => {
      if (event.ticketId !== ticketId) return;
      // Our own changes: the tab that made them refreshes itself (useAppAction, the reply
      // form); refreshing again here would race with what the user does next. Another tab of
      // the same user finds out as before (CONFLICT, then reload).
      const mine = event.audience === "admin" ? event.actorId === currentUserId : event.fromYou;
      if (mine) return;
      refreshSoon();
      if (event.type !== "message_added") return;
      if (event.audience === "student") setNewReply(true);
      else setOtherReply({ name: event.actorName || t("someone") });
    },
    onPresence: (presence) => {
      if (presence.ticketId === ticketId) setViewers(presence.viewers);
    },
    onReload: refreshSoon,
  });

  useEffect(() => {
    if (audience !== "admin") return;
    void ping(ticketId, false);
    const timer = setInterval(
      () => void ping(ticketId, typingUntil.current > Date.now()),
      LIVE_PRESENCE_PING_SECONDS * 1000,
    );
    return () => clearInterval(timer);
  }, [audience, ticketId]);

  useEffect(
    () => () => {
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
    },
    [],
  );

  const noteTyping = useCallback(() => {
    const now = Date.now();
    const wasTyping = typingUntil.current > now;
    typingUntil.current = now + 4_000;
    if (!wasTyping) void ping(ticketId, true);
  }, [ticketId]);

  const value = useMemo<TLiveTicketState>(
    () => ({
      audience,
      currentUserId,
      viewers,
      otherReply,
      newReply,
      clearOtherReply: () => setOtherReply(null),
      noteTyping,
    }),
    [audience, currentUserId, viewers, otherReply, newReply, noteTyping],
  );
  return <LiveTicketContext.Provider value={value}>{children}</LiveTicketContext.Provider>;
}

function useLiveTicket(): TLiveTicketState | null {
  return useContext(LiveTicketContext);
}

/** Admins: who else has this ticket open, and who is typing a reply (collision detection). */
export function LivePresenceStrip() {
  const t = useTranslations("live.ticket");
  const live = useLiveTicket();
  const others = (live?.viewers ?? []).filter((viewer) => viewer.id !== live?.currentUserId);
  return (
    <div role="status" aria-live="polite" data-testid="live-presence">
      {others.length > 0 ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950">
          <span className="font-medium">{t("presenceLabel")}</span>{" "}
          {others
            .map((viewer) => (viewer.typing ? t("typing", { name: viewer.name }) : t("viewing", { name: viewer.name })))
            .join(", ")}
        </p>
      ) : null}
    </div>
  );
}

/** Students: "Nouvelle réponse" when the team answers while the page is open. */
export function LiveNewReplyNotice() {
  const t = useTranslations("live.ticket");
  const live = useLiveTicket();
  return (
    <div role="status" aria-live="polite" data-testid="live-new-reply">
      {live?.newReply ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm font-medium text-green-900">{t("newReply")}</p>
      ) : null}
    </div>
  );
}

/**
 * Admins: wraps the reply form. Typing in it pings "typing"; sending after someone else
 * answered since the page loaded stops once, shows who did (their reply is already in the
 * thread, refetched) and asks before sending.
 */
export function LiveReplyGuard({ children }: { children: ReactNode }) {
  const t = useTranslations("live.ticket");
  const live = useLiveTicket();
  const [held, setHeld] = useState<HTMLFormElement | null>(null);
  const confirmed = useRef(false);

  function onSubmitCapture(event: FormEvent<HTMLDivElement>) {
    if (!live?.otherReply || confirmed.current) {
      confirmed.current = false;
      live?.clearOtherReply();
      setHeld(null);
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    setHeld(event.target as HTMLFormElement);
  }

  function sendAnyway() {
    confirmed.current = true;
    const form = held;
    setHeld(null);
    form?.requestSubmit();
  }

  return (
    <div onSubmitCapture={onSubmitCapture} onInputCapture={() => live?.noteTyping()}>
      {held && live?.otherReply ? (
        <div
          role="alert"
          className="mb-3 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm"
          data-testid="live-reply-conflict"
        >
          <p className="font-medium text-amber-950">{t("conflictTitle", { name: live.otherReply.name })}</p>
          <p className="text-amber-950">{t("conflictBody")}</p>
          <Button type="button" size="sm" variant="secondary" onClick={sendAnyway}>
            {t("sendAnyway")}
          </Button>
        </div>
      ) : null}
      {children}
    </div>
  );
}
