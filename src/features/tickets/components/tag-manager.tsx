"use client";

import { useFormatter, useTranslations } from "next-intl";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { describedBy, FieldError } from "@/components/forms/field-error";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Link } from "@/i18n/navigation";
import { mergeTagsAction, renameTagAction } from "../actions/queue-actions";
import type { TTagUsage } from "../dto";

type TMode = { tagId: string; kind: "rename" | "merge" } | null;

/**
 * The team's tags (issue 15): how many requests carry each (a link to them in the list), rename
 * one, or merge it into another (its requests get the other tag, and it is gone). Tags are made
 * on the fly from a ticket; this page tidies them. One row is edited at a time; the outcome is
 * announced in one live region above the list, and focus goes back to the row's first button.
 */
export function TagManager({ tags }: { tags: TTagUsage[] }) {
  const t = useTranslations("tagManager");
  const [mode, setMode] = useState<TMode>(null);
  const [notice, setNotice] = useState<TNotice | null>(null);
  const [merged, setMerged] = useState(false);
  const list = useRef<HTMLUListElement>(null);
  const tErrors = useTranslations("tickets.errors");
  // The merged tag's name: its row, and `tags`' entry, are gone once the page has refreshed.
  const mergedName = useRef("");
  // Here, not in the row's form: the merged tag's row is gone once the page has refreshed.
  const merge = useAppAction(mergeTagsAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: (result, input) => {
      const name = (tagId: string) => tags.find((tag) => tag.id === tagId)?.name ?? "";
      setMode(null);
      setMerged(true);
      setNotice({
        tone: "success",
        text: t("merged", { from: mergedName.current, into: name(input.intoTagId), count: result.ticketCount }),
      });
    },
  });

  const close = (tagId: string | null) => {
    setMode(null);
    // The row's buttons are back once the form is gone.
    if (tagId)
      requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-tag-actions="${tagId}"]`)?.focus());
  };

  if (tags.length === 0) return <p className="text-sm text-slate-600">{t("empty")}</p>;

  return (
    <div className="space-y-3">
      {/* After a merge the row is gone: focus goes to what happened (a rename returns it to the row). */}
      <Notice notice={notice} statusTestId="tag-notice" focusOnSuccess={merged} />
      <ul
        ref={list}
        className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
        data-testid="tag-list"
      >
        {tags.map((tag) => (
          <li key={tag.id} className="space-y-3 px-4 py-3" data-testid="tag-row">
            <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
              <div className="min-w-0">
                <h2 className="font-medium break-words">{tag.name}</h2>
                <TagUsageLink tag={tag} />
              </div>
              {mode?.tagId === tag.id ? null : (
                <div className="flex flex-wrap gap-2">
                  <Button
                    type="button"
                    variant="secondary"
                    size="sm"
                    data-tag-actions={tag.id}
                    onClick={() => {
                      setNotice(null);
                      setMerged(false);
                      setMode({ tagId: tag.id, kind: "rename" });
                    }}
                  >
                    {t("rename")}
                    <span className="sr-only"> « {tag.name} »</span>
                  </Button>
                  {tags.length > 1 ? (
                    <Button
                      type="button"
                      variant="ghost"
                      size="sm"
                      onClick={() => {
                        setNotice(null);
                        setMerged(false);
                        setMode({ tagId: tag.id, kind: "merge" });
                      }}
                    >
                      {t("merge")}
                      <span className="sr-only"> « {tag.name} »</span>
                    </Button>
                  ) : null}
                </div>
              )}
            </div>
            {mode?.tagId === tag.id && mode.kind === "rename" ? (
              <RenameTagForm
                tag={tag}
                onDone={(text) => {
                  if (text) setNotice({ tone: "success", text });
                  close(tag.id);
                }}
              />
            ) : null}
            {mode?.tagId === tag.id && mode.kind === "merge" ? (
              <MergeTagForm
                tag={tag}
                others={tags.filter((other) => other.id !== tag.id)}
                busy={merge.busy}
                error={merge.error?.fieldErrors?.intoTagId ?? merge.error?.message}
                onMerge={(intoTagId) => {
                  if (merge.busy) return;
                  mergedName.current = tag.name;
                  merge.execute({ fromTagId: tag.id, intoTagId });
                }}
                onCancel={() => {
                  merge.reset();
                  close(tag.id);
                }}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "12 demandes" (or "1 000+ demandes"): the admin list filtered by the tag. */
function TagUsageLink({ tag }: { tag: TTagUsage }) {
  const t = useTranslations("tagManager");
  const format = useFormatter();
  const count = format.number(tag.ticketCount);
  return (
    <Link
      href={`/admin/demandes?tag=${tag.id}`}
      className="text-sm text-brand-700 underline underline-offset-2"
      data-testid="tag-usage"
    >
      {tag.capped ? t("usageCapped", { count }) : t("usage", { n: tag.ticketCount })}
      <span className="sr-only"> « {tag.name} »</span>
    </Link>
  );
}

function RenameTagForm({ tag, onDone }: { tag: TTagUsage; onDone: (notice: string | null) => void }) {
  const t = useTranslations("tagManager");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  const [name, setName] = useState(tag.name);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  // The name it had: once the page has refreshed, `tag` already carries the new one.
  const previousName = useRef(tag.name);
  const rename = useAppAction(renameTagAction, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: (saved) => onDone(t("renamed", { from: previousName.current, to: saved.name })),
  });
  const error =
    rename.error?.fieldErrors?.name ?? (rename.error && !rename.error.fieldErrors ? rename.error.message : undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (rename.busy) return;
    if (name.trim() === tag.name) return onDone(null);
    previousName.current = tag.name;
    rename.execute({ tagId: tag.id, name });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-2" data-testid="rename-tag-form">
      <Label htmlFor={`${id}-name`}>{t("renameLabel", { name: tag.name })}</Label>
      <div className="flex flex-wrap gap-2">
        <Input
          ref={field}
          id={`${id}-name`}
          value={name}
          maxLength={60}
          onChange={(event) => setName(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(error && `${id}-error`)}
          className="max-w-xs"
        />
        <Button type="submit" size="sm" aria-disabled={rename.busy} aria-busy={rename.busy}>
          {rename.busy ? t("saving") : t("save")}
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => onDone(null)}>
          {t("cancel")}
        </Button>
      </div>
      <FieldError id={`${id}-error`} error={error} />
    </form>
  );
}

function MergeTagForm({
  tag,
  others,
  busy,
  error,
  onMerge,
  onCancel,
}: {
  tag: TTagUsage;
  others: TTagUsage[];
  busy: boolean;
  error: string | undefined;
  onMerge: (intoTagId: string) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("tagManager");
  const id = useId();
  const field = useRef<HTMLSelectElement>(null);
  const [target, setTarget] = useState(others[0]?.id ?? "");
  const targetName = others.find((other) => other.id === target)?.name ?? "";
  useEffect(() => field.current?.focus(), []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (target) onMerge(target);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-2" data-testid="merge-tag-form">
      <Label htmlFor={`${id}-into`}>{t("mergeLabel", { name: tag.name })}</Label>
      <div className="flex flex-wrap gap-2">
        <Select
          ref={field}
          id={`${id}-into`}
          value={target}
          onChange={(event) => setTarget(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(`${id}-hint`, error && `${id}-error`)}
          className="max-w-xs"
        >
          {others.map((other) => (
            <option key={other.id} value={other.id}>
              {other.name}
            </option>
          ))}
        </Select>
        <Button type="submit" size="sm" aria-disabled={busy} aria-busy={busy}>
          {busy ? t("merging") : t("mergeSubmit")}
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onCancel}>
          {t("cancel")}
        </Button>
      </div>
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {t("mergeHint", { name: tag.name, into: targetName })}
      </p>
      <FieldError id={`${id}-error`} error={error} />
    </form>
  );
}
