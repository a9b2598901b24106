import { FieldProblem } from './domain.error';

const REASON = 'contiene il carattere NUL (\\u0000) / contains the NUL character (\\u0000)';

/**
 * Every field of a request whose text holds a NUL character, by dotted path. PostgreSQL cannot
 * store NUL in text (it answers "invalid byte sequence"), so such input must be refused up front
 * as a 400 naming the field, whatever the field and whatever its validators say.
 */
export function nulCharacterProblems(value: unknown, path = '', depth = 0): FieldProblem[] {
  if (typeof value === 'string')
    return value.includes('\u0000') ? [{ field: path || 'body', reason: REASON }] : [];
  if (!value || typeof value !== 'object' || depth > 20) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => {
    const field = path ? `${path}.${key}` : key;
    return [
      ...(key.includes('\u0000') ? [{ field: field.replaceAll('\u0000', '\\u0000'), reason: REASON }] : []),
      ...nulCharacterProblems(inner, field, depth + 1),
    ];
  });
}
