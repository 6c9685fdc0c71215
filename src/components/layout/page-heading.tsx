import type { ReactNode } from "react";

/**
 * A page's title and its one-line introduction, the same on every signed-in page; `back` (a
 * link to the page above) goes first when there is one.
 */
export function PageHeading({ title, intro, back }: { title: ReactNode; intro?: ReactNode; back?: ReactNode }) {
  return (
    <div className="space-y-1">
      {back ?? null}
      <h1 className="text-2xl font-semibold">{title}</h1>
      {intro ? <p className="text-slate-600">{intro}</p> : null}
    </div>
  );
}
