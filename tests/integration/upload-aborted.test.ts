/**
 * Issue 19, item 5 (part): a client that gives up mid-upload (a closed tab, a cut connection) is
 * answered and logged as an aborted request, not as an "unexpected error", and what it had
 * stored is removed. Over a real socket, as Next's server hands the request to the handler.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { handleCreateTicketUpload } from "@/features/tickets/handlers/upload-handlers";
import { createStudent, sessionUserOf, type TUserRow } from "../factories";
import { PNG_1x1 } from "../support/attachment-samples";
import { captureLogs } from "../support/logs";
import { footprintOf } from "../support/tickets";
import { storedKeys, useStorageDriver as storeFilesLocally } from "../support/uploads";

storeFilesLocally("local");

let student: TUserRow;
beforeAll(async () => {
  student = await createStudent();
});
afterAll(() => {
  vi.restoreAllMocks();
});

describe("an upload its client abandons", () => {
  it("is answered 499 and logged as aborted, with nothing stored or written", async () => {
    const errors = vi.spyOn(console, "error");
    const logs = captureLogs();
    let answered: (response: Response) => void = () => {};
    const answer = new Promise<Response>((resolve) => {
      answered = resolve;
    });
    const server = http.createServer((incoming) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      const request = new Request(`http://localhost:3100${incoming.url}`, {
        method: "POST",
        headers,
        body: incoming as unknown as ReadableStream<Uint8Array>,
        duplex: "half",
      } as RequestInit);
      void handleCreateTicketUpload(request, sessionUserOf(student)).then(answered);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const before = await storedKeys();

    const boundary = "----aborted";
    const client = http.request({
      host: "127.0.0.1",
      port,
      path: "/api/tickets",
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": 10_000_000 },
    });
    client.on("error", () => {});
    client.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="subject"\r\n\r\nReçu illisible\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="recu.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    client.write(Buffer.concat([Buffer.from(PNG_1x1), Buffer.alloc(256 * 1024, 1)]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.destroy();

    const response = await answer;
    logs.stop();
    server.close();
    expect(response.status).toBe(499);
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ level: "info", scope: "api", status: 499, msg: "upload aborted by the client" }),
    );
    expect(logs.lines().map((line) => line.msg)).not.toContain("unexpected error");
    expect(errors.mock.calls.map((call) => String(call[0]))).not.toContainEqual(expect.stringContaining("unexpected"));
    expect(await storedKeys()).toEqual(before);
    expect((await footprintOf(student.id)).tickets).toBe(0);
  });
});
