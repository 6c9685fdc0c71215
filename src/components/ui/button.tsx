import { cva, type VariantProps } from "class-variance-authority";
import { Slot } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

export const buttonVariants = cva(
  // Disabled looks disabled (issue 17): faded, greyed, a "not allowed" cursor and no hover change.
  "inline-flex min-h-10 items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50 disabled:saturate-0 aria-disabled:cursor-not-allowed aria-disabled:opacity-50 aria-disabled:saturate-0",
  {
    variants: {
      variant: {
        primary: "bg-brand-600 text-white not-disabled:hover:bg-brand-700",
        secondary: "border border-slate-300 bg-white text-slate-900 not-disabled:hover:bg-slate-100",
        ghost: "text-slate-700 not-disabled:hover:bg-slate-100",
        danger: "bg-red-600 text-white not-disabled:hover:bg-red-700",
      },
      size: { md: "", sm: "min-h-8 px-3 py-1 text-xs", lg: "min-h-12 px-6 text-base" },
    },
    defaultVariants: { variant: "primary", size: "md" },
  },
);

type TButtonProps = ComponentProps<"button"> & VariantProps<typeof buttonVariants> & { asChild?: boolean };

export function Button({ className, variant, size, asChild = false, ...props }: TButtonProps) {
  const Component = asChild ? Slot.Root : "button";
  return <Component className={cn(buttonVariants({ variant, size }), className)} {...props} />;
}
