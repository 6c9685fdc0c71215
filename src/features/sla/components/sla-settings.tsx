"use client";

import { useLocale, useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { TWeeklyHours } from "@/lib/business-hours";
import type { TActionError } from "@/lib/errors";
import { TICKET_PRIORITIES, type TTicketPriority } from "@/lib/ticket-values";
import {
  addBusinessHolidayAction,
  deleteBusinessHolidayAction,
  deleteSlaPolicyAction,
  saveBusinessCalendarAction,
  saveSlaPolicyAction,
} from "../actions/admin-actions";

export type TSlaSettingsView = {
  policies: {
    id: string;
    priority: TTicketPriority;
    category: string | null;
    firstResponse: number;
    nextResponse: number;
    resolution: number;
  }[];
  weekly: TWeeklyHours;
  statutoryHolidays: boolean;
  warningMinutes: number;
  addedHolidays: { day: string; label: string }[];
  statutoryDays: string[];
  categories: { slug: string; labelFr: string; labelEn: string }[];
  timeZone: string;
};

const DAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;
const toTime = (minutes: number) =>
  minutes >= 1440
    ? "24:00"
    : `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
const toMinutes = (time: string) => {
  const [h, m] = time.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};
const errorText = (error: TActionError) =>
  [error.message, ...Object.values(error.fieldErrors ?? {})].filter(Boolean).join(" ");

/** One action with its notice: success text after the page refreshed, the translated error otherwise. */
function useSettingsAction<Input, Data>(action: Parameters<typeof useAppAction<Input, Data>>[0], successText: string) {
  const tErrors = useTranslations("tickets.errors");
  const [notice, setNotice] = useState<TNotice | null>(null);
  const run = useAppAction(action, {
    networkMessage: tErrors("network"),
    refresh: true,
    onSuccess: () => setNotice({ tone: "success", text: successText }),
    onError: (error) => setNotice({ tone: "error", text: errorText(error) }),
  });
  return { ...run, notice, setNotice };
}

function PolicyForm({ policy, label }: { policy: TSlaSettingsView["policies"][number]; label: string }) {
  const t = useTranslations("sla.settings");
  const save = useSettingsAction(saveSlaPolicyAction, t("policySaved"));
  const remove = useSettingsAction(deleteSlaPolicyAction, t("policyDeleted"));
  const id = `policy-${policy.id}`;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.execute({
      priority: policy.priority,
      category: policy.category,
      firstResponse: Number(form.get("firstResponse")),
      nextResponse: Number(form.get("nextResponse")),
      resolution: Number(form.get("resolution")),
    });
  };
  const field = (name: "firstResponse" | "nextResponse" | "resolution") => (
    <div className="min-w-0 space-y-1">
      <label htmlFor={`${id}-${name}`} className="text-xs font-medium text-slate-700">
        {t(name)}
      </label>
      <Input
        id={`${id}-${name}`}
        name={name}
        type="number"
        min={1}
        max={525600}
        required
        defaultValue={policy[name]}
        inputMode="numeric"
      />
    </div>
  );
  return (
    <li className="space-y-2 py-3" data-testid="sla-policy" data-priority={policy.priority}>
      <form onSubmit={submit} className="space-y-2" aria-label={label}>
        <p className="font-medium">{label}</p>
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
          {field("firstResponse")}
          {field("nextResponse")}
          {field("resolution")}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={save.busy}>
            {t("save")}
          </Button>
          {policy.category ? (
            <Button
              type="button"
              variant="secondary"
              disabled={remove.busy}
              onClick={() => remove.execute({ id: policy.id })}
            >
              {t("deleteOverride")}
            </Button>
          ) : null}
        </div>
        <Notice notice={save.notice ?? remove.notice} look="text" />
      </form>
    </li>
  );
}

function AddOverrideForm({ categories }: { categories: TSlaSettingsView["categories"] }) {
  const t = useTranslations("sla.settings");
  const tPriority = useTranslations("priority");
  const locale = useLocale();
  const save = useSettingsAction(saveSlaPolicyAction, t("policySaved"));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.execute({
      priority: String(form.get("priority")) as TTicketPriority,
      category: String(form.get("category")),
      firstResponse: Number(form.get("firstResponse")),
      nextResponse: Number(form.get("nextResponse")),
      resolution: Number(form.get("resolution")),
    });
  };
  return (
    <form onSubmit={submit} className="space-y-2 border-t border-slate-200 pt-3" aria-labelledby="add-override-title">
      <p id="add-override-title" className="font-medium">
        {t("addOverride")}
      </p>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        <div className="min-w-0 space-y-1">
          <label htmlFor="override-category" className="text-xs font-medium text-slate-700">
            {t("category")}
          </label>
          <Select id="override-category" name="category" required>
            {categories.map((c) => (
              <option key={c.slug} value={c.slug}>
                {locale === "en" ? c.labelEn : c.labelFr}
              </option>
            ))}
          </Select>
        </div>
        <div className="min-w-0 space-y-1">
          <label htmlFor="override-priority" className="text-xs font-medium text-slate-700">
            {t("priority")}
          </label>
          <Select id="override-priority" name="priority" required>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {tPriority(p)}
              </option>
            ))}
          </Select>
        </div>
        {(["firstResponse", "nextResponse", "resolution"] as const).map((name) => (
          <div key={name} className="min-w-0 space-y-1">
            <label htmlFor={`override-${name}`} className="text-xs font-medium text-slate-700">
              {t(name)}
            </label>
            <Input
              id={`override-${name}`}
              name={name}
              type="number"
              min={1}
              max={525600}
              required
              inputMode="numeric"
            />
          </div>
        ))}
      </div>
      <Button type="submit" disabled={save.busy}>
        {t("add")}
      </Button>
      <Notice notice={save.notice} look="text" />
    </form>
  );
}

function CalendarForm({ settings }: { settings: TSlaSettingsView }) {
  const t = useTranslations("sla.settings");
  const save = useSettingsAction(saveBusinessCalendarAction, t("calendarSaved"));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const weekly = Object.fromEntries(
      DAYS.map((day) => [
        day,
        form.get(`open-${day}`) === "on"
          ? [[toMinutes(String(form.get(`start-${day}`))), toMinutes(String(form.get(`end-${day}`)))]]
          : [],
      ]),
    );
    save.execute({
      weekly,
      statutoryHolidays: form.get("statutory") === "on",
      warningMinutes: Number(form.get("warningMinutes")),
    });
  };
  return (
    <form onSubmit={submit} className="space-y-3" aria-label={t("calendarTitle")}>
      <p className="text-sm text-slate-600">{t("timeZone", { zone: settings.timeZone })}</p>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t("weeklyHours")}</legend>
        {DAYS.map((day) => {
          const interval = settings.weekly[day]?.[0];
          return (
            <div key={day} className="flex flex-wrap items-center gap-2">
              <label className="flex w-32 items-center gap-2 text-sm">
                <input type="checkbox" name={`open-${day}`} defaultChecked={Boolean(interval)} className="size-4" />
                {t(`days.${day}`)}
              </label>
              <Input
                type="time"
                name={`start-${day}`}
                aria-label={t("opensAt", { day: t(`days.${day}`) })}
                defaultValue={toTime(interval?.[0] ?? 480)}
                className="w-32"
              />
              <Input
                type="time"
                name={`end-${day}`}
                aria-label={t("closesAt", { day: t(`days.${day}`) })}
                defaultValue={toTime(interval?.[1] ?? 1020)}
                className="w-32"
              />
            </div>
          );
        })}
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="statutory" defaultChecked={settings.statutoryHolidays} className="size-4" />
        {t("statutory")}
      </label>
      <div className="max-w-xs space-y-1">
        <label htmlFor="warning-minutes" className="text-sm font-medium">
          {t("warningMinutes")}
        </label>
        <Input
          id="warning-minutes"
          name="warningMinutes"
          type="number"
          min={0}
          max={1440}
          defaultValue={settings.warningMinutes}
        />
      </div>
      <Button type="submit" disabled={save.busy}>
        {t("save")}
      </Button>
      <Notice notice={save.notice} look="text" />
    </form>
  );
}

function HolidayForms({ settings }: { settings: TSlaSettingsView }) {
  const t = useTranslations("sla.settings");
  const add = useSettingsAction(addBusinessHolidayAction, t("holidayAdded"));
  const remove = useSettingsAction(deleteBusinessHolidayAction, t("holidayDeleted"));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    add.execute({ day: String(form.get("day")), label: String(form.get("label")) });
  };
  return (
    <div className="space-y-3">
      {settings.addedHolidays.length === 0 ? (
        <p className="text-sm text-slate-600">{t("noAddedHolidays")}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {settings.addedHolidays.map((holiday) => (
            <li key={holiday.day} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <span>
                <time dateTime={holiday.day} className="font-medium tabular-nums">
                  {holiday.day}
                </time>{" "}
                {holiday.label}
              </span>
              <Button
                type="button"
                variant="secondary"
                disabled={remove.busy}
                onClick={() => remove.execute({ day: holiday.day })}
                aria-label={t("deleteHoliday", { day: holiday.day })}
              >
                {t("delete")}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Notice notice={remove.notice} look="text" />
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label={t("addHoliday")}>
        <div className="space-y-1">
          <label htmlFor="holiday-day" className="text-xs font-medium text-slate-700">
            {t("day")}
          </label>
          <Input id="holiday-day" name="day" type="date" required />
        </div>
        <div className="min-w-0 flex-1 space-y-1">
          <label htmlFor="holiday-label" className="text-xs font-medium text-slate-700">
            {t("label")}
          </label>
          <Input id="holiday-label" name="label" required maxLength={80} />
        </div>
        <Button type="submit" disabled={add.busy}>
          {t("add")}
        </Button>
      </form>
      <Notice notice={add.notice} look="text" />
      <details className="text-sm">
        <summary className="cursor-pointer text-brand-700">{t("statutoryList")}</summary>
        <ul className="mt-2 grid grid-cols-2 gap-1 tabular-nums sm:grid-cols-4">
          {settings.statutoryDays.map((day) => (
            <li key={day}>{day}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}

/** The SLA admin page: policies per priority (and per category), business hours, holidays. */
export function SlaSettings({ settings }: { settings: TSlaSettingsView }) {
  const t = useTranslations("sla.settings");
  const tPriority = useTranslations("priority");
  const locale = useLocale();
  const categoryLabel = (slug: string) => {
    const c = settings.categories.find((category) => category.slug === slug);
    return c ? (locale === "en" ? c.labelEn : c.labelFr) : slug;
  };
  const defaults = TICKET_PRIORITIES.map((p) => settings.policies.find((x) => x.priority === p && !x.category)).filter(
    (x) => x !== undefined,
  );
  const overrides = settings.policies.filter((p) => p.category);
  return (
    <div className="space-y-5">
      <Card aria-labelledby="policies-title">
        <CardHeader>
          <CardTitle id="policies-title">{t("policiesTitle")}</CardTitle>
        </CardHeader>
        <CardContent className="space-y-2">
          <p className="text-sm text-slate-600">{t("policiesHint")}</p>
          <ul className="divide-y divide-slate-100">
            {defaults.map((policy) => (
              <PolicyForm key={policy.id} policy={policy} label={tPriority(policy.priority)} />
            ))}
            {overrides.map((policy) => (
              <PolicyForm
                key={policy.id}
                policy={policy}
                label={t("overrideLabel", {
                  priority: tPriority(policy.priority),
                  category: categoryLabel(policy.category ?? ""),
                })}
              />
            ))}
          </ul>
          <AddOverrideForm categories={settings.categories} />
        </CardContent>
      </Card>
      <Card aria-labelledby="calendar-title">
        <CardHeader>
          <CardTitle id="calendar-title">{t("calendarTitle")}</CardTitle>
        </CardHeader>
        <CardContent>
          <CalendarForm settings={settings} />
        </CardContent>
      </Card>
      <Card aria-labelledby="holidays-title">
        <CardHeader>
          <CardTitle id="holidays-title">{t("holidaysTitle")}</CardTitle>
        </CardHeader>
        <CardContent>
          <HolidayForms settings={settings} />
        </CardContent>
      </Card>
    </div>
  );
}
