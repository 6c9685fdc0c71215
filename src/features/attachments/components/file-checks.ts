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
