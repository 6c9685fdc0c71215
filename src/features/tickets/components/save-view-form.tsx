"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useRouter } from "@/i18n/navigation";
import { saveViewAction } from "../actions/queue-actions";

/** Saves the list's current filters and sort as a named view, personal or shared with the team. */
export function SaveViewForm({ params }: { params: Record<string, string> }) {
  const t = useTranslations("tickets.views");
  const tErrors = useTranslations("tickets.errors");
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [notice, setNotice] = useState<TNotice | null>(null);
  const save = useAppAction(saveViewAction, {
    networkMessage: tErrors("network"),
    onSuccess: (view) => {
      setName("");
      setNotice({ tone: "success", text: t("saved", { name: view.name }) });
      router.push(`/admin/demandes?view=${view.id}`);
    },
    onError: (error) => setNotice({ tone: "error", text: error.fieldErrors?.name ?? error.message }),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setNotice({ tone: "error", text: t("nameRequired") });
      return;
    }
    save.execute({ name: name.trim(), isShared: shared, params });
  }

  return (
    <form
      onSubmit={submit}
      className="space-y-2"
      aria-labelledby={`${id}-title`}
      data-testid="save-view-form"
      noValidate
    >
      <h3 id={`${id}-title`} className="text-sm font-semibold">
        {t("saveTitle")}
      </h3>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-48 flex-1 space-y-1">
          <Label htmlFor={`${id}-name`}>{t("name")}</Label>
          <Input id={`${id}-name`} value={name} maxLength={60} onChange={(event) => setName(event.target.value)} />
        </div>
        <label className="inline-flex min-h-10 items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4 accent-brand-600"
            checked={shared}
            onChange={(event) => setShared(event.target.checked)}
          />
          {t("shared")}
        </label>
        <Button type="submit" variant="secondary" disabled={save.busy}>
          {t("save")}
        </Button>
      </div>
      <Notice notice={notice} look="text" />
    </form>
  );
}
