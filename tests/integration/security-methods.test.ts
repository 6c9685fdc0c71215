/**
 * Issue 12, found 5 (TRACE): Node's fetch `Request` refuses TRACE, TRACK and CONNECT, and Next.js
 * builds one for every request before any code of ours runs: `TRACE /` answered 500. The start
 * script preloads scripts/lib/refuse-methods.cjs into the web server; over a real socket, a
 * server that handles requests the way Next.js does (a `Request` per request) answers 405 with
 * `Allow` and logs nothing, and every method the app serves still reaches it.
 * (tests/e2e/security.spec.ts sends TRACE to the real `npm start`.)
 */
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const PRELOAD = path.join(process.cwd(), "scripts/lib/refuse-methods.cjs");

// Like Next.js' server: a fetch Request per incoming request; a throw is a 500 with a stack on stderr.
const SERVER = `
const http = require("node:http");
const server = http.createServer((req, res) => {
  try {
    new Request("http://localhost" + req.url, { method: req.method });
    let size = 0;
    req.on("data", (chunk) => { size += chunk.length; });
    req.on("end", () => res.end(req.method + " " + size));
  } catch (error) {
    console.error(error.stack);
    res.statusCode = 500;
    res.end();
  }
});
server.listen(0, "127.0.0.1", () => console.log("PORT " + server.address().port));
`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

async function startServer(preload: boolean): Promise<{ port: number; stderr: () => string }> {
  const child = spawn(process.execPath, [...(preload ? ["--require", PRELOAD] : []), "-e", SERVER], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      const match = /PORT (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.on("exit", () => reject(new Error(`server exited: ${stderr}`)));
  });
  return { port, stderr: () => stderr };
}

function send(port: number, method: string, body?: string) {
  return new Promise<{ status: number; allow: string | undefined; body: string }>((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, method, path: "/fr-CA/connexion?x=1", agent: false },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, allow: response.headers.allow, body: text }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

describe("methods the app does not serve", () => {
  it("without the preload, TRACE is a 500 with a stack (the fault, reproduced)", async () => {
    const server = await startServer(false);
    expect((await send(server.port, "TRACE")).status).toBe(500);
    expect(server.stderr()).toContain("TRACE");
  });

  it("with it, TRACE and PROPFIND answer 405 with Allow (TRACK 400), nothing logged; the app's methods pass", async () => {
    const server = await startServer(true);
    for (const method of ["TRACE", "PROPFIND", "MKCOL"]) {
      const answer = await send(server.port, method);
      expect(answer, method).toMatchObject({ status: 405, allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" });
      expect(answer.body).toBe("Method Not Allowed\n");
    }
    // Node's own parser answers 400 to methods it does not know (TRACK) before any handler.
    expect((await send(server.port, "TRACK")).status).toBe(400);
    // A TRACE with a body, then a request on a new connection: the server is still fine.
    expect((await send(server.port, "TRACE", "x".repeat(50_000))).status).toBe(405);
    expect(await send(server.port, "GET")).toMatchObject({ status: 200, body: "GET 0" });
    expect(await send(server.port, "POST", "abc")).toMatchObject({ status: 200, body: "POST 3" });
    expect((await send(server.port, "OPTIONS")).status).toBe(200);
    expect(server.stderr()).toBe("");
  });
});
