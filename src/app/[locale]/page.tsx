import { redirect } from "@/i18n/navigation";
import { homePathFor } from "@/lib/home-path";
import { getSessionUser } from "@/server/auth/session";

export default async function HomePage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const user = await getSessionUser();
  return redirect({ href: user ? homePathFor(user.role) : "/connexion", locale });
}
