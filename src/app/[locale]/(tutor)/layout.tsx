import type { ReactNode } from "react";
import { SignedInShell } from "../_shell/signed-in-shell";

export default async function TutorLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ locale: string }>;
}) {
  const { locale } = await params;
  return <SignedInShell locale={locale}>{children}</SignedInShell>;
}
