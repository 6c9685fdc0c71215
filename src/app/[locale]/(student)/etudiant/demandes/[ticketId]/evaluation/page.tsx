import { setRequestLocale } from "next-intl/server";
import { redirect } from "@/i18n/navigation";
import { requirePageUser } from "@/server/auth/page-guard";
import { isUuid } from "@/server/text-shapes";

// The resolution email's "rate the help" link (issue 16): a plain path, as sign-in's ?retour=
// accepts no fragment, that lands on the rating form of the ticket page.
export default async function RateTicketRedirect({
  params,
}: {
  params: Promise<{ locale: string; ticketId: string }>;
}) {
  const { locale, ticketId } = await params;
  setRequestLocale(locale);
  await requirePageUser(locale, ["student"]);
  return redirect({ href: isUuid(ticketId) ? `/etudiant/demandes/${ticketId}#evaluation` : "/etudiant", locale });
}
