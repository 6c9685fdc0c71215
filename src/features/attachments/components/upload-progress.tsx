"use client";

import { useTranslations } from "next-intl";
import { cn } from "@/lib/cn";
import type { TUploadProgress } from "../upload-client";

/**
 * A progress bar for sendMultipart()'s onProgress: renders nothing while `progress` is null.
 *
 *   const [progress, setProgress] = useState<TUploadProgress | null>(null);
 *   await sendMultipart(url, form, setProgress); setProgress(null);
 *   <UploadProgress progress={progress} />
 */
export function UploadProgress({ progress, className }: { progress: TUploadProgress | null; className?: string }) {
  const t = useTranslations("attachments");
  if (!progress) return null;
  const percent = progress.total > 0 ? Math.min(100, Math.round((progress.loaded / progress.total) * 100)) : 0;
  const done = percent >= 100;
  return (
    <div className={cn("space-y-1", className)}>
      <div className="flex justify-between text-xs text-slate-700">
        <span>{done ? t("progressDone") : t("progressLabel")}</span>
        <span className="tabular-nums">{t("progressValue", { percent })}</span>
      </div>
      <div
        role="progressbar"
        aria-label={t("progressLabel")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={t("progressValue", { percent })}
        className="h-2 overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
