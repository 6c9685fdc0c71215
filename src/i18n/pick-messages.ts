/**
 * The part of a message catalogue under some namespaces ("nav", "tickets.studentList"): what a
 * page sends to its client components instead of the whole catalogue. The catalogue's shape is
 * kept (tickets.studentList stays under tickets), so useTranslations("tickets.studentList") reads it
 * as before.
 */
export type TMessageTree = { [key: string]: string | TMessageTree };

export function pickMessages(messages: TMessageTree, namespaces: readonly string[]): TMessageTree {
  const picked: TMessageTree = {};
  const covers = (outer: string, inner: string) => inner === outer || inner.startsWith(`${outer}.`);
  // A namespace inside another one of the list adds nothing (and must not write into the shared tree).
  const outermost = namespaces.filter(
    (namespace, index) =>
      !namespaces.some((other) => other !== namespace && covers(other, namespace)) &&
      namespaces.indexOf(namespace) === index,
  );
  for (const namespace of outermost) {
    const keys = namespace.split(".");
    let from: string | TMessageTree | undefined = messages;
    for (const key of keys) from = typeof from === "object" ? from[key] : undefined;
    if (from === undefined) throw new Error(`No messages under "${namespace}"`);
    let into = picked;
    for (const key of keys.slice(0, -1)) {
      const next = into[key];
      if (typeof next === "object") into = next;
      else into = into[key] = {};
    }
    into[keys[keys.length - 1] as string] = from;
  }
  return picked;
}
