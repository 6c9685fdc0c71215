import "server-only";
import { env } from "../env";

/** 128 random bits, base64: a fresh one per page request (a reused nonce protects nothing). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Origins the pages load images from besides their own: attachment previews are presigned
 * URLs of the S3-compatible store (path-style on S3_ENDPOINT, else the bucket's AWS host).
 */
function attachmentImageOrigins(): string[] {
  const config = env();
  if (config.STORAGE_DRIVER !== "s3") return [];
  if (config.S3_ENDPOINT) {
    const endpoint = new URL(config.S3_ENDPOINT);
    return config.S3_FORCE_PATH_STYLE
      ? [endpoint.origin]
      : [endpoint.origin, `${endpoint.protocol}//${config.STORAGE_BUCKET}.${endpoint.host}`];
  }
  return [
    `https://${config.STORAGE_BUCKET}.s3.${config.S3_REGION}.amazonaws.com`,
    `https://s3.${config.S3_REGION}.amazonaws.com`,
  ];
}

/**
 * The pages' Content-Security-Policy. Scripts run only with this request's nonce (Next.js
 * reads it from the request's own CSP header and puts it on its scripts); 'strict-dynamic'
 * lets those load the chunks they import. No 'unsafe-eval' outside development (React's dev
 * build needs it for its stack traces). Styles keep 'unsafe-inline': Radix and the progress
 * bar set style attributes, which no nonce covers, and a nonce in style-src would disable
 * 'unsafe-inline'. Forms may post only to the app; nothing may frame it.
 */
export function contentSecurityPolicy(nonce: string): string {
  const [beforeNonce, afterNonce] = policyAround();
  return `${beforeNonce}${nonce}${afterNonce}`;
}

const NONCE_SLOT = "\u0000nonce\u0000";
/** The policy's text on each side of the nonce, built once per configuration (not per request). */
let template: { config: object; parts: [string, string] } | undefined;

function policyAround(): [string, string] {
  const config = env();
  if (template?.config === config) return template.parts;
  const development = config.NODE_ENV === "development";
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${NONCE_SLOT}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...attachmentImageOrigins()],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    ...(new URL(config.appUrl).protocol === "https:" ? { "upgrade-insecure-requests": [] } : {}),
  };
  const policy = Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(" "))
    .join("; ");
  const [before = "", after = ""] = policy.split(NONCE_SLOT);
  template = { config, parts: [before, after] };
  return template.parts;
}

/**
 * Strict-Transport-Security, only when the app is served over HTTPS (its public URL says so):
 * on plain HTTP browsers ignore it, and sending it from a development machine reached as
 * https://localhost once would pin that host for a year.
 */
export function strictTransportSecurity(): string | null {
  return new URL(env().appUrl).protocol === "https:" ? "max-age=31536000; includeSubDomains" : null;
}
