import { notFound } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import { requirePageUser } from "@/server/auth/page-guard";
import { env } from "@/server/env";

/**
 * The other lower bound of npm run bench:http (BENCH_ROUTES=true only, else 404): a signed-in
 * page with the signed-in layout (header, navigation, messages) and no data of its own.
 */
export default async function BenchMinimalPage({ params }: { params: Promise<{ locale: string }> }) {
  if (!env().BENCH_ROUTES) notFound();
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin", "student", "tutor"]);
  return (
    <div className="mx-auto max-w-4xl px-4 py-6" data-testid="bench-minimal-page">
      <h1 className="text-2xl font-semibold">{user.firstName}</h1>
    </div>
  );
}
