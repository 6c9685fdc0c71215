"use client";

import { useFormatter } from "next-intl";

/** "850 ko" / "4,2 Mo" (fr-CA), "850 kB" / "4.2 MB" (en). */
export function useFormatBytes(): (bytes: number) => string {
  const format = useFormatter();
  return (bytes) =>
    bytes < 1024 * 1024
      ? format.number(Math.max(1, Math.round(bytes / 1024)), { style: "unit", unit: "kilobyte" })
      : format.number(bytes / (1024 * 1024), { style: "unit", unit: "megabyte", maximumFractionDigits: 1 });
}
