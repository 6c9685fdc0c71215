import "server-only";
import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";
import { CLIENT_NAMESPACES, type TClientScope } from "./client-namespaces";
import { pickMessages, type TMessageTree } from "./pick-messages";

/** Picked once per catalogue and scope (a catalogue is one object per locale, for the process's life). */
const picked = new WeakMap<object, Map<TClientScope, TMessageTree>>();

function messagesFor(catalogue: TMessageTree, scope: TClientScope): TMessageTree {
  const byScope = picked.get(catalogue) ?? new Map<TClientScope, TMessageTree>();
  picked.set(catalogue, byScope);
  const messages = byScope.get(scope) ?? pickMessages(catalogue, CLIENT_NAMESPACES[scope]);
  byScope.set(scope, messages);
  return messages;
}

/**
 * The client components below get the messages of `scope` only (see ./client-namespaces.ts), not
 * the whole catalogue: it is serialized into every page's HTML.
 */
export async function ClientMessages({ scope, children }: { scope: TClientScope; children: ReactNode }) {
  const catalogue = (await getMessages()) as TMessageTree;
  return <NextIntlClientProvider messages={messagesFor(catalogue, scope)}>{children}</NextIntlClientProvider>;
}
