/** The server logger's lines, captured for a test (src/server/log.ts writes JSON lines). */
import { setLogDestination } from "@/server/log";

export type TLogCapture = { text: () => string; lines: () => Record<string, unknown>[]; stop: () => void };

export function captureLogs(): TLogCapture {
  const chunks: string[] = [];
  setLogDestination({ write: (chunk: string) => void chunks.push(chunk) }, "info");
  return {
    text: () => chunks.join(""),
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: () => setLogDestination(undefined),
  };
}
