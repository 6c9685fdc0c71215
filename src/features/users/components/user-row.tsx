"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { errorNotice, Notice, type TNotice } from "@/components/feedback/notice";
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
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { type TUserRole, USER_ROLES } from "@/lib/user-roles";
import { resendInvitationAction, updateAccountAction } from "../actions/account-actions";
import type { TUserListItem } from "../dto";

const STATUS_TONE = { active: "green", invited: "blue", invitationExpired: "amber", deactivated: "red" } as const;

/**
 * One account: its role (changed with a select and a button), its status, and what an admin may
 * do with it. The admin's own row has no controls: another admin changes it.
 */
export function UserRow({ item, isSelf }: { item: TUserListItem; isSelf: boolean }) {
  const t = useTranslations("users");
  const tRoles = useTranslations("roles");
  const id = useId();
  // What this row's own actions changed, until a refreshed page brings the server's values.
  const [shown, setShown] = useState(item);
  const [override, setOverride] = useState<Partial<Pick<TUserListItem, "role" | "status">>>({});
  if (shown !== item) {
    setShown(item);
    setOverride({});
  }
  const current = { ...item, ...override };
  const [role, setRole] = useState<TUserRole>(item.role);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<TNotice | null>(null);
  const name = `${current.firstName} ${current.lastName}`.trim();
  const networkMessage = t("loadFailed");

  const update = useAppAction(updateAccountAction, {
    networkMessage,
    refresh: true,
    onSuccess: (_data, input) => {
      setConfirming(false);
      if (input.role) {
        setOverride((before) => ({ ...before, role: input.role }));
        setNotice({ tone: "success", text: t("roleSaved") });
      } else {
        setOverride((before) => ({ ...before, status: input.active ? "active" : "deactivated" }));
        setNotice({ tone: "success", text: input.active ? t("reactivated") : t("deactivated") });
      }
    },
    onError: () => setNotice(null),
  });
  const resend = useAppAction(resendInvitationAction, {
    networkMessage,
    refresh: true,
    onSuccess: () => {
      setOverride((before) => ({ ...before, status: "invited" }));
      setNotice({ tone: "success", text: t("resent") });
    },
    onError: () => setNotice(null),
  });
  const error = update.error ?? resend.error;
  const busy = update.busy || resend.busy;

  return (
    <li className="space-y-2 py-3" data-testid="user-row" data-email={current.email}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">
            {name} {isSelf ? <span className="text-sm text-slate-600">{t("you")}</span> : null}
          </p>
          <p className="break-all text-sm text-slate-600">{current.email}</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone="neutral">{tRoles(current.role)}</Badge>
          <Badge tone={STATUS_TONE[current.status]} data-testid="user-status">
            {t(`statuses.${current.status}`)}
          </Badge>
        </div>
      </div>
      {isSelf ? null : (
        <div className="flex flex-wrap items-end gap-2">
          <div className="space-y-1">
            <label htmlFor={`${id}-role`} className="sr-only">
              {t("changeRole", { name })}
            </label>
            <Select
              id={`${id}-role`}
              value={role}
              onChange={(event) => setRole(event.target.value as TUserRole)}
              className="w-auto"
            >
              {USER_ROLES.map((value) => (
                <option key={value} value={value}>
                  {tRoles(value)}
                </option>
              ))}
            </Select>
          </div>
          <Button
            type="button"
            variant="secondary"
            size="sm"
            aria-disabled={busy || role === current.role}
            onClick={() => {
              if (!busy && role !== current.role) update.execute({ userId: current.id, role });
            }}
          >
            {t("saveRole")}
          </Button>
          {current.status === "invited" || current.status === "invitationExpired" ? (
            <Button
              type="button"
              variant="secondary"
              size="sm"
              aria-label={t("resendLabel", { name })}
              aria-disabled={busy}
              onClick={() => {
                if (!busy) resend.execute({ userId: current.id });
              }}
            >
              {t("resend")}
            </Button>
          ) : null}
          {current.status === "deactivated" ? (
            <Button
              type="button"
              variant="secondary"
              size="sm"
              aria-label={t("reactivateLabel", { name })}
              aria-disabled={busy}
              onClick={() => {
                if (!busy) update.execute({ userId: current.id, active: true });
              }}
            >
              {t("reactivate")}
            </Button>
          ) : (
            <AlertDialog open={confirming} onOpenChange={setConfirming}>
              <AlertDialogTrigger asChild>
                <Button type="button" variant="danger" size="sm" aria-label={t("deactivateLabel", { name })}>
                  {t("deactivate")}
                </Button>
              </AlertDialogTrigger>
              <AlertDialogContent>
                <AlertDialogTitle>{t("deactivateLabel", { name })}</AlertDialogTitle>
                <AlertDialogDescription>{t("confirmDeactivate", { name })}</AlertDialogDescription>
                <Notice notice={errorNotice(update.error)} look="text" />
                <AlertDialogFooter>
                  <AlertDialogCancel asChild>
                    <Button type="button" variant="secondary" disabled={update.busy}>
                      {t("cancel")}
                    </Button>
                  </AlertDialogCancel>
                  <Button
                    type="button"
                    variant="danger"
                    aria-disabled={update.busy}
                    aria-busy={update.busy}
                    onClick={() => {
                      if (!update.busy) update.execute({ userId: current.id, active: false });
                    }}
                  >
                    {t("deactivate")}
                  </Button>
                </AlertDialogFooter>
              </AlertDialogContent>
            </AlertDialog>
          )}
        </div>
      )}
      <Notice notice={notice ?? (confirming ? null : errorNotice(error))} look="text" />
    </li>
  );
}
