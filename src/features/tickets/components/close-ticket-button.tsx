"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { errorNotice, Notice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
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
  const closed = useRef(false);
  // The dialog closes first and the page refreshes after (not `refresh`: the refreshed page no
  // longer has this button, so nothing here would be left to run once it is on screen).
  const close = useAppAction(closeTicketAction, {
    networkMessage: tErrors("network"),
    onSuccess: () => {
      closed.current = true;
      setOpen(false);
      router.refresh();
    },
  });

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) close.reset();
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
        <Notice notice={errorNotice(close.error)} look="text" />
        <AlertDialogFooter>
          <AlertDialogCancel asChild>
            <Button type="button" variant="secondary" disabled={close.busy}>
              {t("cancel")}
            </Button>
          </AlertDialogCancel>
          {/* Not AlertDialogAction: that would close the dialog before the answer arrives. */}
          <Button
            type="button"
            variant="danger"
            onClick={() => {
              if (!close.busy) close.execute({ ticketId });
            }}
            aria-disabled={close.busy}
            aria-busy={close.busy}
          >
            {close.busy ? t("closing") : t("confirm")}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
