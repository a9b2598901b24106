/**
 * The placeholders a macro's texts may use (issue 19.4), each filled from the ticket it is applied
 * to or the agent applying it; a value the ticket lacks renders as nothing.
 */
export const MACRO_PLACEHOLDERS = [
  'ticket.number',
  'ticket.subject',
  'requester.name',
  'agent.name',
  'ente.name',
  'category.name',
  'team.name',
] as const;
export type MacroPlaceholder = (typeof MACRO_PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<MacroPlaceholder, string | null>>;

/** {{ name }} with optional spaces inside the braces. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a text uses that are not on the list, in order of first use. */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(MACRO_PLACEHOLDERS);
  const unknown: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (!known.has(name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

/** The text with each placeholder replaced by its value (unknown ones were refused on saving). */
export function renderTemplate(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (_, name: string) => values[name as MacroPlaceholder] ?? '');
}
