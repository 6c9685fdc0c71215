// Child process of scripts/bench/live.ts: opens N Server-Sent Events clients on 127.0.0.1 and
// reports when each tagged event reaches each client; also times plain requests on demand.
// Kept apart so the server process's memory counts only the server's side of each stream.
import http from "node:http";

const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
const sockets = [];
const now = () => performance.timeOrigin + performance.now();

function connect(port, uid) {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path: `/live?uid=${uid}`, agent }, (response) => {
      response.setEncoding("utf8");
      let buffer = "";
      response.on("data", (chunk) => {
        buffer += chunk;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const match = /"ticketId":"([0-9a-f-]{36})"/.exec(frame);
          if (match && frame.includes("event: ticket")) process.send({ type: "recv", ticketId: match[1], at: now() });
          end = buffer.indexOf("\n\n");
        }
      });
      resolve();
    });
    request.on("error", reject);
    sockets.push(request);
  });
}

async function timeRequests(port, count) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await new Promise((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, path: "/request", agent }, (response) => {
          response.resume();
          response.on("end", resolve);
        })
        .on("error", reject);
    });
    times.push(performance.now() - started);
  }
  return times;
}

process.on("message", async (message) => {
  if (message.cmd === "connect") {
    for (let i = 0; i < message.uids.length; i += 200) {
      await Promise.all(message.uids.slice(i, i + 200).map((uid) => connect(message.port, uid)));
    }
    process.send({ type: "connected" });
  } else if (message.cmd === "requests") {
    process.send({ type: "requests", times: await timeRequests(message.port, message.count) });
  } else if (message.cmd === "close") {
    for (const request of sockets.splice(0)) request.destroy();
    process.send({ type: "closed" });
  }
});
