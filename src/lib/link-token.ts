/** The `token` of an email link's query (invitation, password reset, unsubscribe): at most 300 characters, "" when absent. */
export function linkTokenOf(query: Record<string, string | string[] | undefined>): string {
  return typeof query.token === "string" ? query.token.slice(0, 300) : "";
}
