/**
 * Tiny but real files of every accepted type, and spoofed ones, built in memory for the
 * attachment tests (no binary fixtures in the repository).
 */
import { crc32 } from "node:zlib";

const b64 = (text: string) => Buffer.from(text, "base64");

export const PNG_1x1 = b64(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
);
export const GIF_1x1 = b64("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
export const WEBP_1x1 = b64("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
export const JPEG_1x1 = b64(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=",
);

/** A one-page PDF with a correct cross-reference table. */
export function tinyPdf(text = "Bonjour"): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>",
  ];
  const stream = `BT /F1 12 Tf 20 50 Td (${text}) Tj ET`;
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** A ZIP of stored (uncompressed) entries. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, "utf8");
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, end]);
}

/** A minimal WordprocessingML document. */
export function tinyDocx(): Buffer {
  return zip({
    "[Content_Types].xml":
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels":
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    "word/document.xml":
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Bonjour</w:t></w:r></w:p></w:body></w:document>',
  });
}

const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

function directoryEntry(name: string, type: number, options: { child?: number; start?: number; size?: number }) {
  const entry = Buffer.alloc(128);
  const nameBytes = Buffer.from(`${name}\0`, "utf16le");
  nameBytes.copy(entry, 0);
  entry.writeUInt16LE(nameBytes.length, 0x40);
  entry[0x42] = type;
  entry[0x43] = 1; // black
  entry.writeUInt32LE(NOSTREAM, 0x44);
  entry.writeUInt32LE(NOSTREAM, 0x48);
  entry.writeUInt32LE(options.child ?? NOSTREAM, 0x4c);
  entry.writeUInt32LE(options.start ?? ENDOFCHAIN, 0x74);
  entry.writeUInt32LE(options.size ?? 0, 0x78);
  return entry;
}

/**
 * A structurally valid compound file (CFB v3, 512-byte sectors): directory in sector 0,
 * FAT in sector 1, one 4096-byte stream in sectors 2–9. Named "WordDocument" it is a Word
 * 97–2003 .doc; named otherwise ("Workbook", an .msi's tables…) it is not.
 */
export function compoundFile(streamName = "WordDocument"): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x003e, 0x18);
  header.writeUInt16LE(0x0003, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c); // FAT sectors
  header.writeUInt32LE(0, 0x30); // first directory sector
  header.writeUInt32LE(4096, 0x38); // mini stream cutoff
  header.writeUInt32LE(ENDOFCHAIN, 0x3c);
  header.writeUInt32LE(ENDOFCHAIN, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 1 : FREESECT, 0x4c + i * 4);

  const directory = Buffer.concat([
    directoryEntry("Root Entry", 5, { child: 1 }),
    directoryEntry(streamName, 2, { start: 2, size: 4096 }),
    Buffer.alloc(128),
    Buffer.alloc(128),
  ]);
  const fat = Buffer.alloc(512);
  const chain = [ENDOFCHAIN, FATSECT, 3, 4, 5, 6, 7, 8, 9, ENDOFCHAIN];
  for (let i = 0; i < 128; i++) fat.writeUInt32LE(chain[i] ?? FREESECT, i * 4);
  const stream = Buffer.alloc(4096);
  stream.writeUInt16LE(0xa5ec, 0); // a Word FIB's wIdent
  return Buffer.concat([header, directory, fat, stream]);
}

/** Accepted files, one of each type, and the type the server must detect. */
export function acceptedSamples() {
  return [
    { name: "facture.pdf", content: tinyPdf(), type: "application/pdf" },
    { name: "lettre.doc", content: compoundFile(), type: "application/msword" },
    {
      name: "devoir.docx",
      content: tinyDocx(),
      type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
    { name: "photo.jpg", content: JPEG_1x1, type: "image/jpeg" },
    { name: "capture.png", content: PNG_1x1, type: "image/png" },
    { name: "anim.gif", content: GIF_1x1, type: "image/gif" },
    { name: "image.webp", content: WEBP_1x1, type: "image/webp" },
  ] as const;
}

/** A DOS/PE executable's first bytes ("MZ" stub pointing at a "PE\0\0" header). */
export function tinyExe(): Buffer {
  const exe = Buffer.alloc(512);
  exe.write("MZ", 0, "latin1");
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write("PE\0\0", 0x80, "latin1");
  exe.writeUInt16LE(0x014c, 0x84);
  return exe;
}

export const HTML_PAGE = Buffer.from(
  "<!doctype html><html><body><script>fetch('/api/tickets').then(r=>r.text()).then(alert)</script></body></html>",
);
export const SVG_IMAGE = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>',
);
