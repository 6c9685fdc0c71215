import { getLocale, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import { getSessionUser } from "@/server/auth/session";
import { SignedInShell } from "./_shell/signed-in-shell";

/** A missing page; a signed-in user keeps the header (and its navigation) around it (issue 17). */
export default async function NotFound() {
  const [t, user] = await Promise.all([getTranslations("errors"), getSessionUser()]);
  const body = (
    <>
      <h1 className="text-2xl font-semibold">{t("notFoundTitle")}</h1>
      <p className="text-slate-600">{t("notFoundBody")}</p>
      <Link href="/" className="text-brand-700 underline">
        {t("backHome")}
      </Link>
    </>
  );
  if (user) {
    return (
      <SignedInShell locale={await getLocale()}>
        <div className="mx-auto flex max-w-md flex-col items-center gap-4 px-6 py-16 text-center">{body}</div>
      </SignedInShell>
    );
  }
  return (
    <main
      id="main"
      className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 p-6 text-center"
    >
      {body}
    </main>
  );
}
