import "server-only";
import path from "node:path";
import { z } from "zod";

/**
 * The only reader of process.env. Parsed lazily on first use (so `next build`
 * can import modules without a database or secrets) and then cached; an invalid
 * variable stops the process with a message naming it.
 */
const booleanString = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const optionalUrl = z
  .string()
  .url()
  .optional()
  .or(z.literal("").transform(() => undefined));

/** `NAME=` in a .env file means unset, as for the URLs. */
function blankAsUnset<T extends z.ZodType<string>>(schema: T) {
  return z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
}

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Named prepared statements for the hot list queries (default true): under RLS, planning
   * costs more than running them. Set false behind a pooler in transaction mode that does
   * not support them (PgBouncer before 1.21).
   */
  DB_PREPARED_STATEMENTS: z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((v) => v !== "false" && v !== "0"),
  /** The platform's time zone: date filters and displayed times use it. */
  APP_TIME_ZONE: z
    .string()
    .default("America/Toronto")
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, "APP_TIME_ZONE must be an IANA time zone such as America/Toronto"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * Address `npm start` listens on: "localhost" (this machine only, the default) or "0.0.0.0"
   * for all interfaces. Not "127.0.0.1": Next 16 then loops redirecting (vercel/next.js#94745).
   */
  HOST: z.string().min(1).default("localhost"),
  /** On SIGTERM/SIGINT: how long requests and webhook attempts in progress may finish before they are cut. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(8000),
  /** /api/health/ready and the admin dashboard: no worker heartbeat for this long = not ready (0 = don't check). */
  READY_WORKER_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(30),
  APP_URL: z.string().url().optional(),
  BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters").optional(),
  /** Unset: seed the demo data when the embedded database is empty. "true"/"false" force it either way. */
  /** Make.com custom-webhook URL for ticket events; falls back to MAKE_BOOKING_WEBHOOK_URL (plan 6.1). */
  MAKE_TICKET_WEBHOOK_URL: optionalUrl,
  MAKE_BOOKING_WEBHOOK_URL: optionalUrl,
  /** Sent as x-make-apikey when set (Make's "API key" webhook authentication). */
  MAKE_WEBHOOK_API_KEY: z.string().optional(),
  /** Standard Webhooks secret ("whsec_…" base64): when set, requests carry webhook-id/-timestamp/-signature. */
  MAKE_WEBHOOK_SIGNING_SECRET: z.string().optional(),
  /** Comma-separated event types to send; unset = all. */
  MAKE_TICKET_WEBHOOK_EVENTS: z.string().optional(),
  /** Unset: the admin settings page decides (default false); set: locked to this value. */
  MAKE_TICKET_WEBHOOK_INCLUDE_INTERNAL: z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : v === "true" || v === "1")),
  /**
   * Key for the secrets admins store in the app (webhook URL, API key, signing secret),
   * 32+ characters; unset = derived from the auth secret. Changing it makes stored secrets
   * unreadable (admins enter them again).
   */
  SETTINGS_ENCRYPTION_KEY: blankAsUnset(z.string().min(32, "SETTINGS_ENCRYPTION_KEY must be at least 32 characters")),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** "false" to not run the webhook worker inside `npm start` (run `npm run worker` instead). */
  WEBHOOK_WORKER: z.enum(["true", "false"]).default("true"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  /** Where attachments are stored: "local" (DATA_DIR/storage/<bucket>) or "s3" (any S3-compatible service). */
  STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
  /** S3 bucket, and the folder name under STORAGE_LOCAL_DIR for the local driver (plan 7.2). */
  STORAGE_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "STORAGE_BUCKET must be a valid bucket name")
    .default("message-attachments"),
  /** Root folder of the local driver; default DATA_DIR/storage. */
  STORAGE_LOCAL_DIR: z.string().optional(),
  /** S3-compatible endpoint (MinIO, Supabase Storage's S3 endpoint…); unset = AWS for S3_REGION. */
  S3_ENDPOINT: optionalUrl,
  S3_REGION: z.string().min(1).default("us-east-1"),
  /** Unset: the AWS SDK's default credential chain (instance role, ~/.aws, AWS_* variables). */
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Path-style URLs (endpoint/bucket/key): needed by MinIO, Supabase and most self-hosted stores. */
  S3_FORCE_PATH_STYLE: booleanString,
  /** Lifetime of a download link (S3 presigned URL or local signed link), in seconds. */
  ATTACHMENT_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(604_800).default(300),
  /** Key for local download links (32+ characters); unset = derived from BETTER_AUTH_SECRET. */
  ATTACHMENT_URL_SECRET: z.string().min(32, "ATTACHMENT_URL_SECRET must be at least 32 characters").optional(),
  /** Files per message (or per new ticket). */
  ATTACHMENT_MAX_FILES: z.coerce.number().int().min(1).max(50).default(10),
  /**
   * Largest upload request, all files and fields together. Default: 32 MiB of files plus 1 MiB
   * for the text fields and multipart framing. Each file is capped at 32 MiB whatever this says.
   */
  /** Seconds a 503 UNAVAILABLE answer (the database is unreachable) tells clients to wait (Retry-After). */
  UNAVAILABLE_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  UPLOAD_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .max(1024 * 1024 * 1024)
    .default(33 * 1024 * 1024),
  /**
   * Reverse proxies in front of the app that append to X-Forwarded-For (0 = none, the default).
   * The client address is the entry that many hops from the right; with 0 the header is never
   * read, because `next start` passes on whatever value the client sent.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Open sign-up (POST /api/auth/sign-up/email). Default false: accounts come from the platform. */
  AUTH_ALLOW_SIGNUP: booleanString,
  /**
   * better-auth's own rate limit on its other HTTP endpoints (sign-up, verification emails,
   * session), counted in PostgreSQL. Default on; the test suite turns it off (its files sign up
   * by the dozen) and tests it on its own.
   */
  AUTH_RATE_LIMIT: z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((v) => v !== "false" && v !== "0"),
  /**
   * Seconds a page may trust the signed session cookie cache (better-auth's cookieCache) without
   * reading the sessions table; 0 reads the table on every request. A session revoked elsewhere or
   * an account deactivated is refused within this delay (sign-out in the browser: at once).
   */
  AUTH_SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** The benchmark's baseline routes (npm run bench:http): /api/banc/session and /banc. Never in production. */
  BENCH_ROUTES: booleanString,
  /** Failed sign-ins per account before it is locked (progressively longer locks after that). */
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(5),
  /** Failed sign-ins per client address (needs TRUST_PROXY, see docs/security.md). */
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(50),
  /** First lock, in seconds; each further failure doubles it, up to SIGN_IN_MAX_LOCK_SECONDS. */
  SIGN_IN_LOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  SIGN_IN_MAX_LOCK_SECONDS: z.coerce.number().int().min(1).max(604_800).default(900),
  /** Failures older than this (no attempt since) are forgotten, in seconds. */
  SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(60).max(604_800).default(3600),
  /** Tickets a student may create per minute and per day (admins do not create tickets). */
  RATE_LIMIT_TICKETS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(10),
  RATE_LIMIT_TICKETS_PER_DAY: z.coerce.number().int().min(1).max(1_000_000).default(50),
  /** Replies a student may post per minute and per day; admins are exempt from these two. */
  RATE_LIMIT_REPLIES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  RATE_LIMIT_REPLIES_PER_DAY: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /** Upload bytes per user per day (UTC), every role: what protects the disk. Default 256 MiB. */
  UPLOAD_QUOTA_BYTES_PER_DAY: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .max(1024 ** 4)
    .default(256 * 1024 * 1024),
  /** Server log level (pino): fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Live updates (docs: README "Live updates"): "false" turns off the stream and its LISTEN connection. */
  LIVE_UPDATES: z.enum(["true", "false"]).default("true"),
  /** Seconds between heartbeats on each open stream (proxies close silent connections). */
  LIVE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
  /** Seconds between checks that a stream's session is still signed in. */
  LIVE_SESSION_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** How far back a reconnecting browser is replayed (Last-Event-ID); older: a "reload" hint. */
  LIVE_RESUME_WINDOW_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  /** Open streams one app process accepts (each holds a socket and a little memory). */
  LIVE_MAX_CLIENTS: z.coerce.number().int().min(1).max(100_000).default(10_000),
  SEED_DEMO_DATA: z.enum(["true", "false"]).optional(),
  /**
   * Email notifications (docs/email.md). SMTP relay, e.g. smtp://user:pass@smtp.example.com:587
   * (STARTTLS when offered) or smtps://…:465. Unset: emails are rendered and kept in the
   * database (the admin "Courriels" log), never sent.
   */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().min(3).default("Soutien <soutien@localhost>"),
  /** Replies to the same person about the same request within this many seconds become one email. */
  EMAIL_COALESCE_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
  /** Refuse STARTTLS upgrades that fail (default false: use TLS when offered, as nodemailer does). */
  SMTP_REQUIRE_TLS: booleanString,
  /** "false" accepts a relay's self-signed certificate (a test relay on a private network only). */
  SMTP_TLS_REJECT_UNAUTHORIZED: z.enum(["true", "false"]).default("true"),
  /** Lifetime of an email's one-click unsubscribe link, in days. */
  EMAIL_UNSUBSCRIBE_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** How long an admin's invitation link works, in hours (single use). */
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  /** How long a password reset link works, in minutes (single use; a newer link replaces it). */
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
  /** Password reset requests per typed email per hour (known or not: the same count). */
  PASSWORD_RESET_PER_EMAIL_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(3),
  /** Password reset requests per trusted client address per hour (needs TRUST_PROXY). */
  PASSWORD_RESET_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Password reset requests per minute from all clients together: bounds a flood of emails. */
  PASSWORD_RESET_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Sign-ups through the sign-up page per trusted client address per hour (needs TRUST_PROXY). */
  SIGN_UP_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(10),
  /** Sign-ups through the sign-up page per minute from all clients together. */
  SIGN_UP_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(20),
  /**
   * Replies by email (docs/email.md, "Replies by email"). Each email's Reply-To is
   * <MAIL_REPLY_LOCAL_PART>+<signed token>@<MAIL_INBOUND_DOMAIN>; both default to MAIL_FROM's
   * parts, so with plus-addressing a reply reaches MAIL_FROM's mailbox until inbound is set up.
   * When MAIL_INBOUND_DOMAIN is set, each email's envelope sender is also on it:
   * bounce+<signed token>@<MAIL_INBOUND_DOMAIN> (delivery reports, docs/email.md "Bounces").
   */
  MAIL_INBOUND_DOMAIN: blankAsUnset(z.string().regex(/^[A-Za-z0-9.-]+$/, "MAIL_INBOUND_DOMAIN must be a domain")),
  MAIL_REPLY_LOCAL_PART: blankAsUnset(
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,20}$/, "MAIL_REPLY_LOCAL_PART must be 1-20 letters, digits, . _ -")
      // bounce+<token>@MAIL_INBOUND_DOMAIN is every email's envelope sender (delivery reports).
      .refine((value) => value.toLowerCase() !== "bounce", 'MAIL_REPLY_LOCAL_PART cannot be "bounce"'),
  ),
  /** How long a reply address keeps working, in days after its email. */
  EMAIL_REPLY_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /**
   * The SMTP listener for replies: `npm run mail:inbound` listens on this port (default 2525);
   * `npm start` starts it only when this is set.
   */
  MAIL_INBOUND_PORT: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce.number().int().min(1).max(65535).optional(),
  ),
  /** Address the listener binds: 127.0.0.1 (default, behind a relay on this machine) or 0.0.0.0. */
  MAIL_INBOUND_HOST: z.string().min(1).default("127.0.0.1"),
  /** Shared secret of POST /api/email/inbound (a provider's inbound parse); unset: the endpoint is off. */
  MAIL_INBOUND_SECRET: blankAsUnset(z.string().min(16, "MAIL_INBOUND_SECRET must be at least 16 characters")),
  /** Largest inbound email accepted, in bytes (default 25 MiB). */
  MAIL_INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(100 * 1024 * 1024)
    .default(25 * 1024 * 1024),
  LOG_SQL: booleanString,
  /**
   * Who signs users in: "better-auth" (default: the app's own accounts and sessions) or
   * "supabase" (the host app's Supabase Auth session, read from its cookie or a Bearer header;
   * docs/supabase.md).
   */
  AUTH_MODE: z.enum(["better-auth", "supabase"]).default("better-auth"),
  /** The Supabase project's URL (https://<ref>.supabase.co): the default cookie name, JWKS URL and issuer. */
  SUPABASE_URL: optionalUrl,
  /** Legacy HS256 JWT secret of the project (Settings → JWT Keys). */
  SUPABASE_JWT_SECRET: blankAsUnset(z.string().min(32, "SUPABASE_JWT_SECRET must be at least 32 characters")),
  /** JWKS of the project's asymmetric signing keys; default SUPABASE_URL/auth/v1/.well-known/jwks.json. */
  SUPABASE_JWKS_URL: optionalUrl,
  SUPABASE_JWT_AUDIENCE: blankAsUnset(z.string()).transform((value) => value ?? "authenticated"),
  /** Expected `iss`; default SUPABASE_URL/auth/v1. */
  SUPABASE_JWT_ISSUER: blankAsUnset(z.string()),
  /** Session cookie written by @supabase/ssr; default sb-<first label of SUPABASE_URL's host>-auth-token. */
  SUPABASE_AUTH_COOKIE: blankAsUnset(
    z.string().regex(/^[A-Za-z0-9._-]+$/, "SUPABASE_AUTH_COOKIE must be a cookie name"),
  ),
  /** Where signed-out visitors are sent in supabase mode (the host app's sign-in page). */
  SUPABASE_SIGN_IN_URL: optionalUrl,
  /**
   * Where "Se déconnecter" leads in supabase mode (the host app's sign-out: it owns the session).
   * Unset: no sign-out button here, since signing out of this app alone is not possible.
   */
  SUPABASE_SIGN_OUT_URL: optionalUrl,
  /**
   * Host mode (docs/supabase.md, section 5): install into the host app's database and read its
   * users, courses, appointments and orders through the `platform.*` views. Needs
   * AUTH_MODE=supabase; an installed database never switches modes.
   */
  HOST_MODE: booleanString,
});

/** Supabase mode fails closed: with no key or no expected issuer nothing could be verified. */
function requireSupabaseKeys(value: z.infer<typeof ZEnv>, ctx: z.RefinementCtx): void {
  if (value.AUTH_MODE !== "supabase") return;
  if (!value.SUPABASE_JWT_SECRET && !value.SUPABASE_JWKS_URL && !value.SUPABASE_URL) {
    ctx.addIssue({
      code: "custom",
      path: ["AUTH_MODE"],
      message: "AUTH_MODE=supabase needs SUPABASE_URL, SUPABASE_JWKS_URL or SUPABASE_JWT_SECRET",
    });
  }
  if (!value.SUPABASE_JWT_ISSUER && !value.SUPABASE_URL) {
    ctx.addIssue({
      code: "custom",
      path: ["AUTH_MODE"],
      message: "AUTH_MODE=supabase needs SUPABASE_URL or SUPABASE_JWT_ISSUER",
    });
  }
}

/** Host mode has no better-auth: the platform's users sign in with Supabase Auth. */
function requireSupabaseAuthInHostMode(value: z.infer<typeof ZEnv>, ctx: z.RefinementCtx): void {
  if (value.HOST_MODE && value.AUTH_MODE !== "supabase") {
    ctx.addIssue({ code: "custom", path: ["HOST_MODE"], message: "HOST_MODE=true needs AUTH_MODE=supabase" });
  }
}

export type TEnv = z.infer<typeof ZEnv> & { appUrl: string; dataDir: string };

let cached: TEnv | undefined;

export function env(): TEnv {
  if (cached) return cached;
  const parsed = ZEnv.superRefine(requireSupabaseKeys)
    .superRefine(requireSupabaseAuthInHostMode)
    .safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  const value = parsed.data;
  cached = {
    ...value,
    appUrl: value.APP_URL ?? `http://localhost:${value.PORT}`,
    dataDir: path.resolve(value.DATA_DIR),
  };
  return cached;
}

/** Environment handed to child processes started by our scripts (Next.js, workers). */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...overrides };
}

/** Test hook: forget the cached parse after a test changed process.env. */
export function resetEnvCache(): void {
  cached = undefined;
}
