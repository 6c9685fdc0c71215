import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

export function Alert({ className, tone = "error", ...props }: ComponentProps<"div"> & { tone?: "error" | "info" }) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn(
        "rounded-md border px-3 py-2 text-sm",
        tone === "error" ? "border-red-200 bg-red-50 text-red-800" : "border-blue-200 bg-blue-50 text-blue-900",
        className,
      )}
      {...props}
    />
  );
}
