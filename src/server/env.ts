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
  MAKE_TICKET_WEBHOOK_INCLUDE_INTERNAL: booleanString,
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
  UPLOAD_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .max(1024 * 1024 * 1024)
    .default(33 * 1024 * 1024),
  SEED_DEMO_DATA: z.enum(["true", "false"]).optional(),
  LOG_SQL: booleanString,
});

export type TEnv = z.infer<typeof ZEnv> & { appUrl: string; dataDir: string };

let cached: TEnv | undefined;

export function env(): TEnv {
  if (cached) return cached;
  const parsed = ZEnv.safeParse(process.env);
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
