/**
 * The signed-in pages the HTTP benchmarks read (npm run bench:http, bench:profile,
 * bench:lighthouse): who signs in, which URLs, and how to tell the real page from an error or a
 * redirect. The benchmark database's admin (bench1@bench.example) and its heavy student (200
 * tickets) get the bench password; reads use them, writes use another student (bench-db.ts).
 */
import type pg from "pg";
import { PAGE_SIZE } from "../../src/features/tickets/constants";
import { BENCH_PASSWORD, setBenchPasswords, signIn } from "./bench-accounts";

export const BENCH_ADMIN_EMAIL = "bench1@bench.example";

export type TPageSpec = {
  name: string;
  path: string;
  who: "admin" | "student";
  /** Whether a response body is this page (not the sign-in page, an error page, a redirect). */
  verify: (html: string) => boolean;
  /** The baselines' routes exist only with BENCH_ROUTES=true (and only since issue 18). */
  baseline?: "session" | "minimal";
};

export type TBenchReaders = {
  admin: { id: string; email: string };
  student: { id: string; email: string };
  /** One of the heavy student's tickets (their newest). */
  studentTicketId: string;
};

/** The admin and the heavy student, with the bench password set. */
export async function benchReaders(db: pg.Client): Promise<TBenchReaders> {
  const { rows } = await db.query<{ id: string; email: string; role: string; heavy: boolean }>(
    `select u.id, u.email, u.role, u.id = (select heavy from bench_meta) as heavy
       from users u where u.email = $1 or u.id = (select heavy from bench_meta)`,
    [BENCH_ADMIN_EMAIL],
  );
  const admin = rows.find((row) => row.role === "admin");
  const student = rows.find((row) => row.heavy);
  if (!admin || !student) throw new Error("the benchmark database has no bench admin or heavy student: --reseed");
  const ticket = await db.query<{ id: string }>(
    "select id from support_tickets where user_id = $1 order by created_at desc limit 1",
    [student.id],
  );
  const studentTicketId = ticket.rows[0]?.id;
  if (!studentTicketId) throw new Error("the heavy student has no ticket");
  await setBenchPasswords(db, [admin.id, student.id], BENCH_PASSWORD);
  return { admin, student, studentTicketId };
}

export async function signInReaders(url: string, readers: TBenchReaders) {
  return {
    admin: await signIn(url, readers.admin.email, BENCH_PASSWORD),
    student: await signIn(url, readers.student.email, BENCH_PASSWORD),
  };
}

const count = (html: string, marker: string) => html.split(marker).length - 1;

/** The pages measured one client at a time, baselines first. */
export function benchPages(readers: TBenchReaders): TPageSpec[] {
  return [
    {
      name: "session only (route handler)",
      path: "/api/banc/session",
      who: "admin",
      verify: (body) => body.includes('"role":"admin"'),
      baseline: "session",
    },
    {
      name: "minimal signed-in page",
      path: "/banc",
      who: "admin",
      verify: (html) => html.includes('data-testid="bench-minimal-page"'),
      baseline: "minimal",
    },
    {
      name: "admin list (20 rows)",
      path: "/admin/demandes",
      who: "admin",
      verify: (html) => count(html, 'data-testid="admin-ticket-row"') === PAGE_SIZE,
    },
    {
      name: "admin dashboard",
      path: "/admin",
      who: "admin",
      verify: (html) => html.includes("<h1") && !html.includes('id="sign-in'),
    },
    {
      name: "student list (200 tickets)",
      path: "/etudiant",
      who: "student",
      verify: (html) => html.includes('aria-labelledby="student-tickets-title"'),
    },
    {
      name: "student ticket",
      path: `/etudiant/demandes/${readers.studentTicketId}`,
      who: "student",
      verify: (html) => html.includes('data-testid="status-badge"') && html.includes("<h1"),
    },
    {
      name: "new-request form",
      path: "/etudiant/demandes/nouvelle",
      who: "student",
      verify: (html) => html.includes('data-testid="create-ticket-form"'),
    },
  ];
}

/**
 * The bytes of a page: its HTML and, inside it, the inline RSC payload (the
 * `self.__next_f.push(...)` scripts React hydrates from).
 */
export function pageBytes(html: string): { html: number; payload: number } {
  let payload = 0;
  for (const match of html.matchAll(/<script[^>]*>(self\.__next_f\.push\([\s\S]*?)<\/script>/g)) {
    payload += Buffer.byteLength(match[1] ?? "");
  }
  return { html: Buffer.byteLength(html), payload };
}

/** A browser's cookies, enough for one site: Set-Cookie replaces or (Max-Age=0, empty) deletes. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  constructor(cookieHeader: string) {
    for (const pair of cookieHeader.split(";")) {
      const at = pair.indexOf("=");
      if (at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  update(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      if (at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === "" || attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/**
 * The JavaScript a page makes the browser download: its <script src> chunks (the entry
 * scripts; chunks they import later are listed in the same HTML by Next as preloads), fetched
 * once each, in bytes as served and gzip-compressed (level 6, what a proxy typically sends).
 */
export async function pageScripts(
  baseUrl: string,
  html: string,
  gzip: (data: Uint8Array) => number,
): Promise<{ files: number; bytes: number; gzipBytes: number }> {
  const sources = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*\ssrc="([^"]+\.js[^"]*)"/g)) sources.add(match[1] ?? "");
  for (const match of html.matchAll(/<link[^>]*rel="preload"[^>]*as="script"[^>]*href="([^"]+)"/g))
    sources.add(match[1] ?? "");
  for (const match of html.matchAll(/<link[^>]*href="([^"]+\.js)"[^>]*as="script"/g)) sources.add(match[1] ?? "");
  let bytes = 0;
  let gzipBytes = 0;
  for (const source of sources) {
    if (!source) continue;
    const response = await fetch(new URL(source.replaceAll("&amp;", "&"), baseUrl));
    const body = new Uint8Array(await response.arrayBuffer());
    bytes += body.length;
    gzipBytes += gzip(body);
  }
  return { files: sources.size, bytes, gzipBytes };
}
