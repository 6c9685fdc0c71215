import type { z } from "zod";
import { TAG_FILTER_MAX } from "@/lib/ticket-values";
import type { TTicketStatus } from "@/server/db/schema";
import { type TAdminSort, type TAdminTicketsQuery, ZAdminTicketsQuery, ZTicketStatus } from "./schemas";

type TSearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The student's status filter (?status=open); anything else means "all". */
export function studentStatusFilterOf(searchParams: TSearchParams): TTicketStatus | undefined {
  const parsed = ZTicketStatus.safeParse(first(searchParams.status));
  return parsed.success ? parsed.data : undefined;
}

/** The admin list's filters as the form shows them (every value a string; "" = not set). */
export type TAdminListParams = {
  status: string;
  priority: string;
  category: string;
  assignee: string;
  /** A student's id: their tickets only. */
  student: string;
  from: string;
  to: string;
  q: string;
  /** Tag ids (?tag=…&tag=…, or one comma-separated value as a saved view stores it). */
  tags: string[];
  /** "all" or "" (any). */
  tagMode: string;
  sort: TAdminSort;
  /** SLA filter: "late", "due_soon" or "". */
  sla: string;
};

export type TAdminListFilters = {
  /** What the form shows (valid values only). */
  params: TAdminListParams;
  /** The query for the service, or null when the values cannot make one (errors says why). */
  query: Omit<TAdminTicketsQuery, "cursor"> | null;
  /** i18n keys under `validation.*`, by form field. */
  errors: Partial<Record<keyof TAdminListParams, string>>;
  /** How many filters (not the sort) are set. */
  activeCount: number;
};

const FIELD_OF_QUERY_KEY: Record<string, keyof TAdminListParams> = {
  status: "status",
  priority: "priority",
  category: "category",
  assignee: "assignee",
  student: "student",
  createdFrom: "from",
  createdTo: "to",
  search: "q",
  tags: "tags",
  tagMode: "tagMode",
  sort: "sort",
  sla: "sla",
};

/**
 * The admin list's filters from the address (?status=&priority=&category=&assignee=&student=&from=&to=&q=&sort=).
 * An unknown status, priority, assignee or sort is dropped, so an old bookmark still opens the
 * list; a malformed date or an inverted range is reported under its field instead.
 */
export function adminListFiltersOf(searchParams: TSearchParams): TAdminListFilters {
  const raw = (key: string) => (first(searchParams[key]) ?? "").trim();
  const keep = (schema: z.ZodType, value: string) => (value && schema.safeParse(value).success ? value : "");
  const shape = ZAdminTicketsQuery.shape;
  const params: TAdminListParams = {
    status: keep(shape.status, raw("status")),
    priority: keep(shape.priority, raw("priority")),
    category: keep(shape.category, raw("category")),
    assignee: keep(shape.assignee, raw("assignee")),
    student: keep(shape.student, raw("student").toLowerCase()),
    from: raw("from").slice(0, 10),
    to: raw("to").slice(0, 10),
    q: raw("q").slice(0, 200),
    tags: tagIdsOf(searchParams.tag ?? searchParams.tags),
    tagMode: raw("tagMode") === "all" ? "all" : "",
    sort: (shape.sort.safeParse(raw("sort") || undefined).data ?? "created_desc") as TAdminSort,
    sla: keep(shape.sla, raw("sla")),
  };
  const candidate = {
    status: params.status || undefined,
    priority: params.priority || undefined,
    category: params.category || undefined,
    assignee: params.assignee || undefined,
    student: params.student || undefined,
    createdFrom: params.from || undefined,
    createdTo: params.to || undefined,
    search: params.q || undefined,
    tags: params.tags.length > 0 ? params.tags : undefined,
    tagMode: params.tagMode === "all" && params.tags.length > 1 ? ("all" as const) : undefined,
    sort: params.sort,
    sla: (params.sla || undefined) as TAdminTicketsQuery["sla"],
  };
  const parsed = ZAdminTicketsQuery.safeParse(candidate);
  const errors: TAdminListFilters["errors"] = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF_QUERY_KEY[String(issue.path[0] ?? "")] ?? "to";
      errors[field] ??= issue.message;
    }
  }
  const activeCount = [
    params.status,
    params.priority,
    params.category,
    params.assignee,
    params.student,
    params.from,
    params.to,
    params.q,
    params.tags.length > 0,
    params.sla,
  ].filter(Boolean).length;
  return { params, query: parsed.success ? (candidate as TAdminListFilters["query"]) : null, errors, activeCount };
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Valid tag ids, each once, at most TAG_FILTER_MAX (an unknown or malformed one is dropped). */
function tagIdsOf(value: string | string[] | undefined): string[] {
  const values = (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.split(","));
  const ids = values.map((v) => v.trim().toLowerCase()).filter((v) => UUID_SHAPE.test(v));
  return [...new Set(ids)].slice(0, TAG_FILTER_MAX);
}

/**
 * The list's parameters as one flat record (tags comma-separated), empty values left out: what
 * a saved view stores and what the list's address is built from.
 */
export function listParamsRecord(params: TAdminListParams): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const text = Array.isArray(value) ? value.join(",") : value;
    if (text && !(key === "sort" && text === "created_desc")) record[key] = text;
  }
  return record;
}

/** The list's address for `params` (e.g. a saved view's), tags as repeated ?tag=. */
export function listSearchOf(record: Record<string, string>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    if (key === "tags") for (const id of value.split(",")) search.append("tag", id);
    else search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
