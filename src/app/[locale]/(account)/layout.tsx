import type { ReactNode } from "react";
import { SignedInShell } from "../_shell/signed-in-shell";

/** Pages of every signed-in user, whatever their role (email preferences). */
export default async function AccountLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ locale: string }>;
}) {
  const { locale } = await params;
  return <SignedInShell locale={locale}>{children}</SignedInShell>;
}
