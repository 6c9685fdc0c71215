import { getFormatter, getTranslations } from "next-intl/server";
import type { TTicketRating } from "../dto";

/** The student's satisfaction ratings on the admin's ticket page, one per resolution, newest first. */
export async function TicketRatings({ ratings }: { ratings: TTicketRating[] }) {
  const t = await getTranslations("tickets.rating");
  const format = await getFormatter();
  if (ratings.length === 0) return <p className="text-sm text-slate-600">{t("none")}</p>;
  return (
    <ul className="space-y-3" data-testid="ticket-ratings">
      {ratings.map((rating) => (
        <li key={rating.id} className="space-y-1 text-sm" data-testid="ticket-rating">
          <p>
            <span className="font-semibold" data-testid="rating-score">
              {t("scoreOutOf", { score: rating.score })}
            </span>{" "}
            <span aria-hidden="true" className="text-amber-600">
              {"★".repeat(rating.score)}
            </span>
          </p>
          {rating.comment ? (
            <blockquote className="border-l-4 border-slate-200 pl-3 whitespace-pre-wrap text-slate-800">
              {rating.comment}
            </blockquote>
          ) : null}
          <p className="text-xs text-slate-600">
            {t("ratedAt", {
              resolvedAt: format.dateTime(rating.resolvedAt, { dateStyle: "medium", timeStyle: "short" }),
              updatedAt: format.dateTime(rating.updatedAt, { dateStyle: "medium", timeStyle: "short" }),
            })}
          </p>
        </li>
      ))}
    </ul>
  );
}
