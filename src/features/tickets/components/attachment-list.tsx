import { FileText } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import type { TAttachmentItem } from "../dto";

/**
 * Files of a message or of the ticket, as download links (the route checks access again and
 * redirects to a short-lived link). Images show a small preview.
 */
export function AttachmentList({ attachments }: { attachments: readonly TAttachmentItem[] }) {
  const t = useTranslations("tickets.attachments");
  const format = useFormatter();
  if (attachments.length === 0) return null;
  const size = (bytes: number) =>
    bytes < 1024 * 1024
      ? format.number(Math.max(1, Math.round(bytes / 1024)), { style: "unit", unit: "kilobyte" })
      : format.number(bytes / (1024 * 1024), { style: "unit", unit: "megabyte", maximumFractionDigits: 1 });
  return (
    <ul className="mt-2 flex flex-col gap-1.5" aria-label={t("label")}>
      {attachments.map((file) => (
        <li key={file.id} className="min-w-0" data-testid="attachment">
          <a
            href={file.downloadUrl}
            className="inline-flex max-w-full items-center gap-2 rounded-md border border-slate-200 bg-white px-2.5 py-1.5 text-sm text-brand-700 hover:border-brand-600"
          >
            {file.previewUrl ? (
              // biome-ignore lint/performance/noImgElement: a signed, access-checked redirect; next/image cannot optimise it
              <img src={file.previewUrl} alt="" loading="lazy" className="size-8 shrink-0 rounded object-cover" />
            ) : (
              <FileText aria-hidden="true" className="size-4 shrink-0 text-slate-500" />
            )}
            <span className="truncate underline underline-offset-2">{file.fileName}</span>
            <span className="shrink-0 text-xs text-slate-600">{size(file.fileSize)}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
