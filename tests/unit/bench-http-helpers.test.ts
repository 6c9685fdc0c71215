import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { envelopeBytes, multipartBody, pdfFile } from "../../scripts/bench/multipart-body";
import { findListeningPid, readProcMemory, resetPeakRss, sampleRss } from "../../scripts/bench/proc-memory";
import { detectAcceptedType } from "../../src/features/attachments/detect-type";
import { parseMultipart } from "../../src/server/http/multipart";

const fields = { subject: "Séance impossible à réserver", description: "Le calendrier refuse l'heure.", category: "x" };

/** What the app's own parser makes of a bench body: its fields, and each file's size and first bytes. */
async function parseWithTheApp(body: ReturnType<typeof multipartBody>) {
  const request = new Request("http://localhost/api/tickets", {
    method: "POST",
    headers: { "content-type": body.contentType, "content-length": String(body.length) },
    body: Readable.toWeb(Readable.from(body.chunks())) as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
  return parseMultipart(request, {
    maxBodyBytes: 64 * 1024 * 1024,
    maxFileBytes: 32 * 1024 * 1024,
    maxFiles: 10,
    onFile: async (file) => {
      const chunks: Buffer[] = [];
      for await (const chunk of file.stream) chunks.push(chunk as Buffer);
      const content = Buffer.concat(chunks);
      return {
        fileName: file.fileName,
        size: content.length,
        head: content.subarray(0, 64),
        tail: content.subarray(-7),
      };
    },
  });
}

describe("bench multipart bodies", () => {
  it("declare exactly the bytes they send, and the app's parser reads the fields and a file of the asked size", async () => {
    const file = pdfFile("capture.pdf", 20 * 1024);
    const body = multipartBody(fields, file);
    const sent = [...body.chunks()].reduce((sum, chunk) => sum + chunk.length, 0);
    expect(sent).toBe(body.length);
    expect(body.toBuffer()).toHaveLength(body.length);
    expect(envelopeBytes(fields, file) + file.size).toBe(body.length);

    const parsed = await parseWithTheApp(body);
    expect({ ...parsed.fields }).toEqual(fields);
    expect(parsed.files).toHaveLength(1);
    const [received] = parsed.files;
    expect(received?.fileName).toBe("capture.pdf");
    expect(received?.size).toBe(20 * 1024);
    expect(received?.tail.toString("latin1")).toBe("\n%%EOF\n");
    expect(await detectAcceptedType(received?.head ?? new Uint8Array())).toMatchObject({ mime: "application/pdf" });
  });

  it("streams a 32 MiB file from one reused filler buffer (the same bytes, never a 32 MiB copy)", () => {
    const size = 32 * 1024 * 1024;
    const body = multipartBody(fields, pdfFile("releve.pdf", size));
    const distinct = new Set<ArrayBufferLike>();
    let total = 0;
    for (const chunk of body.chunks()) {
      expect(chunk.length).toBeLessThanOrEqual(256 * 1024);
      distinct.add(chunk.buffer);
      total += chunk.length;
    }
    expect(total).toBe(body.length);
    // Fields, headers, PDF head and tail: a handful of buffers besides the filler's.
    expect(distinct.size).toBeLessThan(20);
  });

  it("sends a body without a file as fields only", async () => {
    const parsed = await parseWithTheApp(multipartBody(fields));
    expect({ ...parsed.fields }).toEqual(fields);
    expect(parsed.files).toEqual([]);
  });
});

describe.runIf(process.platform === "linux")("bench process memory (/proc)", () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });

  it("finds the child process that listens on a port, and reads, samples and resets its memory", async () => {
    child = spawn(
      process.execPath,
      [
        "-e",
        `const s = require("node:http").createServer(); s.listen(0, "127.0.0.1", () => console.log(s.address().port));`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const [data] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
    const port = Number(data.toString().trim());
    const pid = child.pid as number;

    expect(findListeningPid(process.pid, port)).toBe(pid);
    // Another port: whoever may listen there, it is not a process of the child's tree.
    expect(findListeningPid(pid, port === 65535 ? port - 1 : port + 1)).toBeUndefined();

    const memory = readProcMemory(pid);
    expect(memory.rssKb).toBeGreaterThan(1000);
    expect(memory.hwmKb).toBeGreaterThanOrEqual(memory.rssKb);
    expect(resetPeakRss(pid)).toBe(true);

    const sampler = sampleRss(pid, 10);
    await new Promise((r) => setTimeout(r, 60));
    const samples = sampler.stop();
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples.every((s) => s.rssKb > 0)).toBe(true);
  });
});
