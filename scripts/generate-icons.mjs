// Draws the app's icons without any download or image library (issue 17): a speech bubble on
// the brand blue, written as src/app/icon.svg, src/app/apple-icon.png (180 px) and
// src/app/favicon.ico (a 32 px PNG inside an ICO). Run `node scripts/generate-icons.mjs` after
// changing the drawing; the files are committed.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const BLUE = [29, 78, 216];
const WHITE = [255, 255, 255];

/** Inside the rounded square, the bubble (a rounded rectangle with a tail), the three dots. */
function colorAt(x, y) {
  const r = 0.22;
  const corner = (cx, cy) => (x - cx) ** 2 + (y - cy) ** 2 > r * r;
  if ((x < r && y < r && corner(r, r)) || (x > 1 - r && y < r && corner(1 - r, r))) return null;
  if ((x < r && y > 1 - r && corner(r, 1 - r)) || (x > 1 - r && y > 1 - r && corner(1 - r, 1 - r))) return null;
  const inBubble = x > 0.2 && x < 0.8 && y > 0.24 && y < 0.66;
  const inTail = y >= 0.66 && y < 0.8 && x > 0.3 && x < 0.3 + (0.8 - y) * 1.1;
  const dot = [0.35, 0.5, 0.65].some((cx) => (x - cx) ** 2 + (y - 0.45) ** 2 < 0.055 ** 2);
  if ((inBubble || inTail) && !dot) return WHITE;
  return BLUE;
}

function png(size) {
  const samples = 4;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0;
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++)
        for (let sx = 0; sx < samples; sx++) {
          const c = colorAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 255;
        }
      const n = samples * samples;
      const covered = a / 255 || 1;
      const at = py * (size * 4 + 1) + 1 + px * 4;
      raw[at] = Math.round(r / covered);
      raw[at + 1] = Math.round(g / covered);
      raw[at + 2] = Math.round(b / covered);
      raw[at + 3] = Math.round(a / n);
    }
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function ico(image, size) {
  const header = Buffer.from([0, 0, 1, 0, 1, 0]);
  const entry = Buffer.alloc(16);
  entry[0] = size;
  entry[1] = size;
  entry.writeUInt16LE(1, 4);
  entry.writeUInt16LE(32, 6);
  entry.writeUInt32LE(image.length, 8);
  entry.writeUInt32LE(22, 12);
  return Buffer.concat([header, entry, image]);
}

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" role="img" aria-label="Support">
  <rect width="100" height="100" rx="22" fill="#1d4ed8"/>
  <path d="M20 24h60v42H47L30 80V66H20z" fill="#fff"/>
  <circle cx="35" cy="45" r="5.5" fill="#1d4ed8"/><circle cx="50" cy="45" r="5.5" fill="#1d4ed8"/><circle cx="65" cy="45" r="5.5" fill="#1d4ed8"/>
</svg>
`;

writeFileSync(new URL("../src/app/icon.svg", import.meta.url), svg);
writeFileSync(new URL("../src/app/apple-icon.png", import.meta.url), png(180));
writeFileSync(new URL("../src/app/favicon.ico", import.meta.url), ico(png(32), 32));
