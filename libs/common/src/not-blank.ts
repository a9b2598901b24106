import { Matches } from 'class-validator';

/** Something other than spaces, line breaks and invisible characters (zero-width, BOM). */
const VISIBLE = /[^\s\u200b-\u200d\u2060\ufeff]/u;

/**
 * A text that must say something: an answer, a note or a resolution of only spaces would stop
 * an SLA clock with nothing said (issue 16.8). The 400 names the field.
 */
export function NotBlank(): PropertyDecorator {
  return Matches(VISIBLE, {
    message: 'non può essere vuoto o di soli spazi / must not be blank',
    context: { code: 'notBlank' },
  });
}
