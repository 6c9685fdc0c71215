import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

/**
 * A styled native select: the platform's own picker on phones, full keyboard and screen
 * reader support everywhere, and it works in GET forms without JavaScript.
 */
export function Select({ className, ...props }: ComponentProps<"select">) {
  return (
    <select
      className={cn(
        "block min-h-10 w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 focus-visible:border-brand-600 aria-invalid:border-red-600 disabled:opacity-60 sm:text-sm",
        className,
      )}
      {...props}
    />
  );
}
