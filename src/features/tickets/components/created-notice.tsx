"use client";

import { useEffect } from "react";
import { Alert } from "@/components/ui/alert";

/**
 * "Votre demande n° … a été envoyée", shown once after creation: the `created` flag leaves
 * the address right away, so a reload or a later refresh does not repeat it.
 */
export function CreatedNotice({ text }: { text: string }) {
  useEffect(() => {
    const url = new URL(window.location.href);
    if (!url.searchParams.has("created")) return;
    url.searchParams.delete("created");
    window.history.replaceState(window.history.state, "", url);
  }, []);
  return (
    <Alert tone="info" data-testid="ticket-created">
      {text}
    </Alert>
  );
}
