import { getTranslations } from "next-intl/server";
import type { TSupportContact } from "../dto";

/** The support contact admins set, as a short list; nothing when none is set. */
export async function SupportContact({ contact, className }: { contact: TSupportContact; className?: string }) {
  const t = await getTranslations("settings.contact");
  if (!contact.email && !contact.phone && !contact.hours) return null;
  return (
    <dl className={className} data-testid="support-contact">
      {contact.email ? (
        <div className="flex min-w-0 flex-wrap gap-x-2">
          <dt className="text-slate-600">{t("email")}</dt>
          <dd className="min-w-0 break-all">
            <a href={`mailto:${contact.email}`} className="text-brand-700 underline underline-offset-4">
              {contact.email}
            </a>
          </dd>
        </div>
      ) : null}
      {contact.phone ? (
        <div className="flex flex-wrap gap-x-2">
          <dt className="text-slate-600">{t("phone")}</dt>
          <dd>
            <a
              href={`tel:${contact.phone.replace(/[^0-9+]/g, "")}`}
              className="text-brand-700 underline underline-offset-4"
            >
              {contact.phone}
            </a>
          </dd>
        </div>
      ) : null}
      {contact.hours ? (
        <div className="flex min-w-0 flex-wrap gap-x-2">
          <dt className="text-slate-600">{t("hours")}</dt>
          <dd className="min-w-0 break-words">{contact.hours}</dd>
        </div>
      ) : null}
    </dl>
  );
}
