// Where the sign-in page may send a user back to (?retour=…, e.g. the ticket an email links to).
// Only our own signed-in spaces, as a plain path: never another origin ("//evil", "/\\evil"),
// never a scheme, never a query string an attacker could shape.

const RETURN_PATH = /^\/(?:etudiant|admin|tuteur|preferences)(?:\/[A-Za-z0-9_-]+)*$/;

export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 200) return null;
  return RETURN_PATH.test(value) ? value : null;
}
