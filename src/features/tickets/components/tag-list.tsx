import { Tag } from "lucide-react";
import type { TTag } from "../dto";

/** A ticket's tags (admin pages only), as a labelled list of small chips. */
export function TagList({ tags, label }: { tags: TTag[]; label: string }) {
  if (tags.length === 0) return null;
  return (
    <ul className="inline-flex flex-wrap items-center gap-1" aria-label={label} data-testid="ticket-tags">
      {tags.map((tag) => (
        <li
          key={tag.id}
          className="inline-flex items-center gap-1 rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs text-slate-800"
          data-testid="ticket-tag"
        >
          <Tag aria-hidden="true" className="size-3" />
          {tag.name}
        </li>
      ))}
    </ul>
  );
}
