// A browser-like upload client in a process of its own (see uploadFromChildProcess in
// ./uploads.ts): POSTs a multipart form whose one file is generated on the fly, with a
// Content-Length, honouring backpressure, and prints the answer as JSON.
import http from "node:http";

const spec = JSON.parse(process.argv[2]);
const boundary = `----child${Date.now()}`;
const head = Buffer.from(spec.head, "base64");
const parts = Object.entries(spec.fields).map(([name, value]) =>
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
);
parts.push(
  Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${spec.fileName}"\r\n` +
      "Content-Type: application/octet-stream\r\n\r\n",
  ),
);
const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
const length = parts.reduce((sum, part) => sum + part.length, 0) + spec.size + tail.length;

const request = http.request(
  spec.url,
  {
    method: "POST",
    headers: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "content-length": length,
      "accept-language": "fr-CA",
    },
  },
  (response) => {
    let text = "";
    response.setEncoding("utf8");
    response.on("data", (data) => {
      text += data;
    });
    response.on("end", () =>
      process.stdout.write(JSON.stringify({ status: response.statusCode, body: JSON.parse(text) })),
    );
  },
);

const filler = Buffer.alloc(64 * 1024, "% remplissage\n");
let left = spec.size - head.length;
function writeMore() {
  while (left > 0) {
    const chunk = left >= filler.length ? filler : filler.subarray(0, left);
    left -= chunk.length;
    if (!request.write(chunk)) {
      request.once("drain", writeMore);
      return;
    }
  }
  request.end(tail);
}
for (const part of parts) request.write(part);
request.write(head);
writeMore();
