/**
 * Helpers for the attachment tests: multipart bodies streamed to the route handlers (big
 * files generated on the fly, never held in memory), the storage configuration switched
 * between the local and S3 drivers, s3rver in a child process (so its memory is not the
 * app's), and a memory sampler.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll } from "vitest";
import { resetEnvCache } from "@/server/env";
import { getStorage } from "@/server/storage";

// ---------------------------------------------------------------------------------------------
// Multipart requests

export type TPart =
  | { field: string; value: string }
  | { field?: string; fileName: string; content: Uint8Array; contentType?: string }
  /** A file of `size` bytes made on the fly: `head`, then filler. */
  | { field?: string; fileName: string; size: number; head: Uint8Array; contentType?: string };

const FILLER_CHUNK = Buffer.alloc(256 * 1024, "% remplissage du document pour le test de taille\n");

function escapeQuoted(value: string): string {
  // What browsers do (WHATWG multipart/form-data): quotes and line breaks are percent-encoded.
  return value.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

async function* multipartChunks(parts: readonly TPart[], boundary: string): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    if ("value" in part) {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.field}"\r\n\r\n${part.value}\r\n`,
        "utf8",
      );
      continue;
    }
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${part.field ?? "files"}"; filename="${escapeQuoted(part.fileName)}"\r\n` +
        `Content-Type: ${part.contentType ?? "application/octet-stream"}\r\n\r\n`,
      "utf8",
    );
    if ("content" in part) {
      yield part.content;
    } else {
      yield part.head;
      let left = part.size - part.head.length;
      while (left > 0) {
        const chunk = left >= FILLER_CHUNK.length ? FILLER_CHUNK : FILLER_CHUNK.subarray(0, left);
        left -= chunk.length;
        yield chunk;
      }
    }
    yield Buffer.from("\r\n");
  }
  yield Buffer.from(`--${boundary}--\r\n`);
}

/** A POST whose multipart body streams (ReadableStream, pulled on demand). */
export function multipartRequest(
  url: string,
  parts: readonly TPart[],
  options: { headers?: Record<string, string>; contentLength?: number } = {},
): Request {
  const boundary = `----test${randomBytes(8).toString("hex")}`;
  const chunks = multipartChunks(parts, boundary);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  const headers: Record<string, string> = {
    "content-type": `multipart/form-data; boundary=${boundary}`,
    "accept-language": "fr-CA,fr;q=0.9",
    ...options.headers,
  };
  if (options.contentLength !== undefined) headers["content-length"] = String(options.contentLength);
  return new Request(`http://localhost:3100${url}`, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

export const textFields = (fields: Record<string, string>): TPart[] =>
  Object.entries(fields).map(([field, value]) => ({ field, value }));

// ---------------------------------------------------------------------------------------------
// Storage configuration

const STORAGE_VARIABLES = [
  "STORAGE_DRIVER",
  "STORAGE_LOCAL_DIR",
  "STORAGE_BUCKET",
  "S3_ENDPOINT",
  "S3_REGION",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "S3_FORCE_PATH_STYLE",
  "ATTACHMENT_URL_TTL_SECONDS",
  "UPLOAD_MAX_BODY_BYTES",
  "ATTACHMENT_MAX_FILES",
] as const;

/** Sets environment variables for the app (env() is re-read), returning the restorer. */
export function setAppEnv(values: Partial<Record<(typeof STORAGE_VARIABLES)[number], string>>): () => void {
  const saved = Object.fromEntries(STORAGE_VARIABLES.map((name) => [name, process.env[name]]));
  for (const [name, value] of Object.entries(values)) process.env[name] = value;
  resetEnvCache();
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  };
}

export type TS3rver = { endpoint: string; directory: string; stop: () => Promise<void> };

/**
 * s3rver (a fake S3) on a random loopback port, in a child process of its own so that its
 * memory does not count as the app's, with the `message-attachments` bucket.
 */
export async function startS3rver(): Promise<TS3rver> {
  const directory = await mkdtemp(path.join(tmpdir(), "s3rver-"));
  const script = `
    const S3rver = require("s3rver");
    new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: ${JSON.stringify(directory)},
                 configureBuckets: [{ name: "message-attachments" }] })
      .run()
      .then((address) => process.stdout.write(JSON.stringify({ port: address.port }) + "\\n"))
      .catch((error) => { console.error(error); process.exit(1); });
  `;
  const child: ChildProcess = spawn(process.execPath, ["-e", script], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (data: Buffer) => {
      output += data.toString();
      const line = output.split("\n")[0];
      if (output.includes("\n") && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited with code ${code}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    directory,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export type TDriverName = "local" | "s3";

/**
 * Points the app at a storage of its own for the enclosing describe block: a temporary
 * folder (local), or a fresh s3rver with S3RVER/S3RVER credentials (s3).
 */
export function useStorageDriver(driver: TDriverName): { s3: () => TS3rver | undefined } {
  let s3: TS3rver | undefined;
  let localDir: string | undefined;
  let restoreEnv: (() => void) | undefined;
  beforeAll(async () => {
    if (driver === "s3") {
      s3 = await startS3rver();
      restoreEnv = setAppEnv({
        STORAGE_DRIVER: "s3",
        S3_ENDPOINT: s3.endpoint,
        S3_REGION: "us-east-1",
        S3_ACCESS_KEY_ID: "S3RVER",
        S3_SECRET_ACCESS_KEY: "S3RVER",
        S3_FORCE_PATH_STYLE: "true",
      });
    } else {
      localDir = await mkdtemp(path.join(tmpdir(), "attachments-"));
      restoreEnv = setAppEnv({ STORAGE_DRIVER: "local", STORAGE_LOCAL_DIR: localDir });
    }
  });
  afterAll(async () => {
    restoreEnv?.();
    await s3?.stop();
    if (localDir) await rm(localDir, { recursive: true, force: true });
  });
  return { s3: () => s3 };
}

/** Every object key in the configured storage under `prefix`. */
export async function storedKeys(prefix = "ticket-attachments/"): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of getStorage().list(prefix)) keys.push(object.key);
  return keys.sort();
}

// ---------------------------------------------------------------------------------------------
// A real HTTP server around a handler, and a client in another process

function toRequest(incoming: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  // The IncomingMessage itself as the body, as Next's server passes it (NextRequestAdapter.
  // fromNodeNextRequest): undici pulls from it one chunk at a time, so a slow consumer holds
  // the socket back. Readable.toWeb() (Node 20) queues up to 16,384 chunks without
  // backpressure: under load it held 24 MB of a 32 MiB upload that production never would.
  return new Request(`http://localhost:3100${incoming.url ?? "/"}`, {
    method: incoming.method,
    headers,
    body: incoming as unknown as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
}

/** Serves `handler` on a random loopback port, as Next's server would (Node request → Request). */
export async function serveHandler(
  handler: (request: Request) => Promise<Response>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((incoming, outgoing) => {
    void handler(toRequest(incoming)).then(async (response) => {
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * POSTs a multipart form with one generated file of `size` bytes (`head`, then filler) from
 * a child process, with a Content-Length as browsers send: the bytes reach the server over a
 * socket, in fresh buffers, exactly as a browser's would.
 */
export async function uploadFromChildProcess(
  url: string,
  fields: Record<string, string>,
  upload: { fileName: string; size: number; head: Uint8Array },
): Promise<{ status: number; body: unknown }> {
  const spec = {
    url,
    fields,
    fileName: upload.fileName,
    size: upload.size,
    head: Buffer.from(upload.head).toString("base64"),
  };
  const client = path.join(import.meta.dirname, "upload-client-process.mjs");
  const child = spawn(process.execPath, [client, JSON.stringify(spec)], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout?.on("data", (data: Buffer) => {
    output += data.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`upload client exited with code ${code}`);
  return JSON.parse(output) as { status: number; body: unknown };
}

// ---------------------------------------------------------------------------------------------
// Memory

v8.setFlagsFromString("--expose-gc");
// V8 frees unreachable ArrayBuffers on a background thread after a collection: a sample taken
// right after gc() could still count chunks already let go of (up to 27.6 MB of a streamed
// 32 MiB upload was seen on a busy machine). Swept during the collection, a sample counts only
// what is held: 0.6 MB streamed, 30 MB held (the buffering control).
v8.setFlagsFromString("--no-concurrent-array-buffer-sweeping");
const collectGarbage = vm.runInNewContext("gc") as () => void;

export type TMemoryReport = {
  rssBeforeMb: number;
  rssPeakMb: number;
  rssAfterMb: number;
  rssPeakGrowthMb: number;
  arrayBuffersBeforeMb: number;
  arrayBuffersPeakMb: number;
  arrayBuffersPeakGrowthMb: number;
  samples: number;
  heapUsedPeakGrowthMb: number;
};

const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/**
 * Runs `work` while sampling process.memoryUsage() every 5 ms; growth is measured from a
 * collected heap. With `collectEachSample`, each sample (every 25 ms) follows a full
 * collection: the peak is then what the work holds, not the garbage it leaves for later.
 */
export async function measureMemory<T>(
  work: () => Promise<T>,
  options: { collectEachSample?: boolean } = {},
): Promise<{ result: T; memory: TMemoryReport }> {
  collectGarbage();
  const before = process.memoryUsage();
  const peak = { ...before };
  let samples = 0;
  const sample = () => {
    if (options.collectEachSample) collectGarbage();
    const now = process.memoryUsage();
    samples += 1;
    peak.rss = Math.max(peak.rss, now.rss);
    peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
  };
  // A full collection takes milliseconds (many more on a busy machine): every 25 ms keeps
  // the event loop mostly free and still gives a few dozen samples of a 32 MiB upload.
  const timer = setInterval(sample, options.collectEachSample ? 25 : 5);
  try {
    const result = await work();
    sample();
    const after = process.memoryUsage();
    return {
      result,
      memory: {
        rssBeforeMb: mb(before.rss),
        rssPeakMb: mb(peak.rss),
        rssAfterMb: mb(after.rss),
        rssPeakGrowthMb: mb(peak.rss - before.rss),
        arrayBuffersBeforeMb: mb(before.arrayBuffers),
        arrayBuffersPeakMb: mb(peak.arrayBuffers),
        arrayBuffersPeakGrowthMb: mb(peak.arrayBuffers - before.arrayBuffers),
        samples,
        heapUsedPeakGrowthMb: mb(peak.heapUsed - before.heapUsed),
      },
    };
  } finally {
    clearInterval(timer);
  }
}
