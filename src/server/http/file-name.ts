import "server-only";
import { AppError } from "../errors";
import { attachmentError } from "./api-response";

/**
 * The answer to a multipart body busboy could not read. Browsers write a file name's `"`, CR
 * and LF as %22, %0D and %0A but send every other control character (U+0000–U+001F except
 * TAB, and DEL) raw; busboy then refuses the part's header and stops. Before this, the parser
 * closed anyway and the request went on with the fields read so far: the ticket was created and
 * the file silently lost. A browser's own form produces no other malformed header, so the
 * message names the file name. Control characters that do get through (TAB, the decoded CR/LF,
 * an RFC 5987 `filename*`) are removed from the stored name by sanitizeFileName().
 */
export function multipartParseError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Error && /part header/i.test(error.message)) {
    return attachmentError("VALIDATION", { key: "fileNameInvalid" });
  }
  return new AppError("VALIDATION");
}

/**
 * Final extensions Windows or macOS would run, install or mount on a double-click (programs,
 * scripts, installers, shortcuts, disk images that carry them past Mark-of-the-Web). The
 * content check already refuses what is not a PDF, Word document or image; this refuses the
 * name, so that a real PDF called "facture.pdf.exe" is not offered for download under it.
 */
const EXECUTABLE_EXTENSIONS = new Set([
  "app",
  "apk",
  "appimage",
  "application",
  "appx",
  "appxbundle",
  "bash",
  "bat",
  "bin",
  "cab",
  "cmd",
  "com",
  "cpl",
  "csh",
  "deb",
  "diagcab",
  "dll",
  "dmg",
  "elf",
  "exe",
  "gadget",
  "hta",
  "img",
  "inf",
  "ins",
  "iso",
  "isp",
  "jar",
  "js",
  "jse",
  "ksh",
  "lnk",
  "mht",
  "mhtml",
  "msc",
  "msi",
  "msix",
  "msp",
  "mst",
  "ocx",
  "pif",
  "pkg",
  "pl",
  "ps1",
  "ps1xml",
  "ps2",
  "psc1",
  "psd1",
  "psm1",
  "py",
  "pyc",
  "pyw",
  "rb",
  "reg",
  "rpm",
  "run",
  "scf",
  "scr",
  "sct",
  "settingcontent-ms",
  "sh",
  "shb",
  "so",
  "sys",
  "url",
  "vb",
  "vbe",
  "vbs",
  "vhd",
  "vhdx",
  "website",
  "ws",
  "wsc",
  "wsf",
  "wsh",
  "xbap",
  "xll",
  "zsh",
]);

/**
 * Whether a file name ends in an executable extension, read as Windows would: case-insensitive,
 * after the trailing dots and spaces it ignores ("facture.exe." runs as .exe), and after any
 * control or invisible character (a direction mark can make "exe" look like "pdf").
 */
export function isExecutableFileName(fileName: string): boolean {
  const visible = fileName.normalize("NFC").replace(/[\p{Cc}\p{Cf}]/gu, "");
  const trimmed = visible.replace(/[.\s]+$/u, "");
  const extension = /\.([^./\\]+)$/.exec(trimmed)?.[1]?.toLowerCase();
  return extension !== undefined && EXECUTABLE_EXTENSIONS.has(extension);
}
