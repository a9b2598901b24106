import { FieldProblem } from './domain.error';

/** A property every string of a request must have, with the reason given when one breaks it. */
interface TextRule {
  reason: string;
  breaks(text: string): boolean;
  /** Whether object keys are held to it too (dates are only ever values). */
  keys: boolean;
}

/** PostgreSQL cannot store NUL in text (it answers "invalid byte sequence"). */
const NUL: TextRule = {
  reason: 'contiene il carattere NUL (\\u0000) / contains the NUL character (\\u0000)',
  breaks: (text) => text.includes('\u0000'),
  keys: true,
};

/**
 * Half of a UTF-16 surrogate pair (JSON `"\ud800"`) is no character at all: it cannot be encoded
 * as UTF-8, and address parsers, punycode and the database driver each fail on it differently.
 */
const LONE_SURROGATE: TextRule = {
  reason: 'contiene un surrogato UTF-16 isolato / contains a lone UTF-16 surrogate',
  breaks: (text) => /\p{Surrogate}/u.test(text), // with /u a well-formed pair is one code point
  keys: true,
};

/** A date or ISO date-time as the API's fields take them: YYYY-MM-DD, optionally with a time. */
const DATE_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * JavaScript's Date rolls 2025-02-30 over to 2 March, and the local-date helpers throw on it:
 * either way a date that is not on the calendar must be refused, not read as another day.
 */
const IMPOSSIBLE_DATE: TextRule = {
  reason: 'non è una data del calendario / is not a calendar date',
  breaks: (text) => {
    const m = DATE_LIKE.exec(text);
    if (!m) return false;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return month < 1 || month > 12 || day < 1 || day > daysInMonth;
  },
  keys: false,
};

function textProblems(
  rules: readonly TextRule[],
  value: unknown,
  path: string,
  depth: number,
): FieldProblem[] {
  const broken = (text: string, field: string, keys: boolean) =>
    rules.filter((r) => (!keys || r.keys) && r.breaks(text)).map((r) => ({ field, reason: r.reason }));
  if (typeof value === 'string') return broken(value, path || 'body', false);
  if (!value || typeof value !== 'object' || depth > 20) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => {
    const field = path ? `${path}.${key}` : key;
    // The field name is shown back: a NUL or a lone surrogate in it is written as an escape.
    const shown = [...field] // code points: a lone surrogate stays one element
      .map((c) =>
        c === '\u0000' || LONE_SURROGATE.breaks(c)
          ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
          : c,
      )
      .join('');
    return [...broken(key, shown, true), ...textProblems(rules, inner, field, depth + 1)];
  });
}

/**
 * Every field of a request whose text holds a NUL character, by dotted path. PostgreSQL cannot
 * store NUL in text (it answers "invalid byte sequence"), so such input must be refused up front
 * as a 400 naming the field, whatever the field and whatever its validators say.
 */
export function nulCharacterProblems(value: unknown, path = ''): FieldProblem[] {
  return textProblems([NUL], value, path, 0);
}

/**
 * Every field of a request, at any depth, whose text no field may hold: a NUL, a lone surrogate,
 * or a date that is not on the calendar (2025-02-30, 2025-13-01). Refused centrally as a 400
 * naming the field, before each DTO's validators see (or a service stumbles on) the value.
 */
export function unusableTextProblems(value: unknown, path = ''): FieldProblem[] {
  return textProblems([NUL, LONE_SURROGATE, IMPOSSIBLE_DATE], value, path, 0);
}
