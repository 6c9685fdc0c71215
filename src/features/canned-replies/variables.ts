// The variables a canned reply may use, and how to find them in a body. Client-safe: the form
// checks with the same list before saving, the server refuses anything else at save.

export const CANNED_VARIABLES = [
  "student.first_name",
  "student.last_name",
  "ticket.number",
  "ticket.subject",
  "agent.first_name",
  "agent.last_name",
  "appointment.date",
  "appointment.course",
  "order.description",
] as const;
export type TCannedVariable = (typeof CANNED_VARIABLES)[number];

const KNOWN = new Set<string>(CANNED_VARIABLES);

/** `{{ name }}`, spaces inside the braces allowed. */
const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The names used in `body` that are not variables (in order, once each). */
export function unknownVariablesIn(body: string): string[] {
  const unknown: string[] = [];
  for (const match of body.matchAll(VARIABLE)) {
    const name = match[1] ?? "";
    if (!KNOWN.has(name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

/**
 * `body` with each variable replaced by its value; a variable without a value (no linked
 * appointment, say) stays as it was typed, so the admin sees what to fill in before sending.
 */
export function fillVariables(body: string, values: Partial<Record<TCannedVariable, string | null>>): string {
  return body.replace(VARIABLE, (whole, name: string) => {
    const value = KNOWN.has(name) ? values[name as TCannedVariable] : undefined;
    return value ? value : whole;
  });
}
