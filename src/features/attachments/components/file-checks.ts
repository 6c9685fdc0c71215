import { hasAcceptedExtension } from "../limits";

// The browser's pre-checks, with the same rules and messages as the server's (which decides:
// it reads the bytes, where the browser only sees names and sizes).

export type TFileProblem =
  | { key: "fileTooLarge" | "fileTypeRefused" | "emptyFile" | "duplicate"; name: string }
  | { key: "tooManyFiles"; count: number }
  | { key: "requestTooLarge" };

export type TFileLimits = { maxFiles: number; maxFileBytes: number; maxTotalBytes: number };

const sameFile = (a: File, b: File) => a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;

/** Adds `incoming` to `current`, keeping what passes the checks and saying why the rest was left out. */
export function addFiles(
  current: readonly File[],
  incoming: readonly File[],
  limits: TFileLimits,
): { files: File[]; problems: TFileProblem[] } {
  const files = [...current];
  const problems: TFileProblem[] = [];
  let total = files.reduce((sum, file) => sum + file.size, 0);
  for (const file of incoming) {
    if (files.some((existing) => sameFile(existing, file))) {
      problems.push({ key: "duplicate", name: file.name });
    } else if (!hasAcceptedExtension(file.name)) {
      problems.push({ key: "fileTypeRefused", name: file.name });
    } else if (file.size === 0) {
      problems.push({ key: "emptyFile", name: file.name });
    } else if (file.size > limits.maxFileBytes) {
      problems.push({ key: "fileTooLarge", name: file.name });
    } else if (files.length >= limits.maxFiles) {
      if (!problems.some((p) => p.key === "tooManyFiles"))
        problems.push({ key: "tooManyFiles", count: limits.maxFiles });
    } else if (total + file.size > limits.maxTotalBytes) {
      if (!problems.some((p) => p.key === "requestTooLarge")) problems.push({ key: "requestTooLarge" });
    } else {
      files.push(file);
      total += file.size;
    }
  }
  return { files, problems };
}

const EXTENSION_OF_IMAGE: Record<string, string> = {
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/gif": ".gif",
  "image/webp": ".webp",
};

/**
 * The images of a paste (a screenshot copied to the clipboard), as files with a readable,
 * unique name ("capture-2026-12-02-14h05m09s-1.png"): browsers name every pasted image
 * "image.png", which would make two screenshots look like the same file.
 */
export function pastedImages(
  items: readonly { kind: string; type: string; getAsFile: () => File | null }[],
  now = new Date(),
) {
  const stamp = now
    .toISOString()
    .slice(0, 19)
    .replace("T", "-")
    .replace(/:(\d\d):(\d\d)$/, "h$1m$2s")
    .replace(/:/g, "");
  const images: File[] = [];
  for (const item of items) {
    const extension = EXTENSION_OF_IMAGE[item.type];
    if (item.kind !== "file" || !extension) continue;
    const file = item.getAsFile();
    if (!file) continue;
    images.push(
      new File([file], `capture-${stamp}-${images.length + 1}${extension}`, {
        type: item.type,
        lastModified: now.getTime() + images.length,
      }),
    );
  }
  return images;
}
