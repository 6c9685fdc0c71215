import { getTranslations, setRequestLocale } from "next-intl/server";
import { RefusedEmailLink, SignedOutPage } from "@/components/layout/signed-out-page";
import { isInvitationLinkUsable } from "@/features/users";
import { AcceptInvitationForm } from "@/features/users/components";
import { ClientMessages } from "@/i18n/client-messages";
import { titleFromMessages } from "@/i18n/page-title";
import { linkTokenOf } from "@/lib/link-token";

export const generateMetadata = titleFromMessages("invitation");

/**
 * Where an invitation email's link lands, signed out: the password form while the link is
 * signed and in time (whether it is still unused is checked when the form is sent), otherwise
 * why it does not work. A GET changes nothing: mail scanners open links.
 */
export default async function InvitationPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale } = await params;
  setRequestLocale(locale);
  const query = await searchParams;
  const token = linkTokenOf(query);
  const usable = token !== "" && (await isInvitationLinkUsable(token));
  const t = await getTranslations("invitation");
  return (
    <ClientMessages scope="invitation">
      <SignedOutPage title={t("title")} intro={usable ? t("intro") : null}>
        {usable ? (
          <AcceptInvitationForm token={token} />
        ) : (
          <RefusedEmailLink text={t("invalid")} testId="invitation-invalid" href="/connexion" action={t("signIn")} />
        )}
      </SignedOutPage>
    </ClientMessages>
  );
}
