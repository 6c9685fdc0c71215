"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { useRouter } from "@/i18n/navigation";
import { closeTicketAction } from "../actions/student-actions";

/**
 * "Fermer la demande", confirmed in a dialog because it cannot be undone: a closed
 * request cannot be reopened. The page refreshes to its closed state; focus goes to the
 * page's status message (`focusTargetId`) so it is not lost with the button.
 */
export function CloseTicketButton({ ticketId, focusTargetId }: { ticketId: string; focusTargetId: string }) {
  const t = useTranslations("tickets.close");
  const tErrors = useTranslations("tickets.errors");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const closed = useRef(false);

  async function confirm() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const result = await closeTicketAction({ ticketId });
      if (!result.ok) {
        setError(result.message);
        return;
      }
      closed.current = true;
      setOpen(false);
      router.refresh();
    } catch {
      setError(tErrors("network"));
    } finally {
      setPending(false);
    }
  }

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button type="button" variant="secondary">
          {t("button")}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent
        onCloseAutoFocus={(event) => {
          // The trigger goes away once the page shows the closed request: focus its status instead.
          if (!closed.current) return;
          event.preventDefault();
          document.getElementById(focusTargetId)?.focus();
        }}
      >
        <AlertDialogTitle>{t("title")}</AlertDialogTitle>
        <AlertDialogDescription>{t("body")}</AlertDialogDescription>
        <div role="alert">{error ? <p className="text-sm text-red-800">{error}</p> : null}</div>
        <AlertDialogFooter>
          <AlertDialogCancel asChild>
            <Button type="button" variant="secondary" disabled={pending}>
              {t("cancel")}
            </Button>
          </AlertDialogCancel>
          {/* Not AlertDialogAction: that would close the dialog before the answer arrives. */}
          <Button type="button" variant="danger" onClick={confirm} aria-disabled={pending} aria-busy={pending}>
            {pending ? t("closing") : t("confirm")}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
