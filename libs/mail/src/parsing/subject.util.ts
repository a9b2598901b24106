import { stripControlCharacters } from './charset.util';

/** RFC 5322 line limit: longer subjects (a 200 KB one exists in the wild) are cut to fit storage and UI. */
export const MAX_SUBJECT_LENGTH = 998;

/**
 * Reply and forward prefixes, as written by Italian and international clients. One-letter Italian
 * Outlook forms (R: = Re, I: = Inoltro) are included: they are what Italian offices actually send.
 * Auto-reply markers ('Risposta automatica:', 'Automatic reply:') are deliberately absent: the
 * classifier needs them.
 */
const REPLY_FORWARD_PREFIXES = [
  're',
  'r',
  'rif',
  'ris',
  'i',
  'fwd',
  'fw',
  'inoltro',
  'inoltra',
  'inoltrato',
  'aw',
  'wg',
  'sv',
  'vs',
  'vb',
  'tr',
  'antw',
  'doorst',
  'odp',
  'pd',
  'rv',
  'enc',
  'res',
  'ref',
  'réf',
  'ynt',
  'ilt',
  'vá',
  'továbbítás',
  'απ',
  'σχετ',
  'ответ',
  'отв',
  'пересл',
  '回复',
  '回覆',
  '答复',
  '转发',
  '轉寄',
  '転送',
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** 'Re:', 'RE[2]:', 'Re^2:', 'Re(3):', 'Re :' (French spacing) and the full-width colon of CJK clients. */
const PREFIX = new RegExp(
  `^(?:${REPLY_FORWARD_PREFIXES.map(escapeRegExp).join('|')})(?:\\s*\\[\\d+\\]|\\^\\d+|\\s*\\(\\d+\\))?\\s*[:：]\\s*`,
  'iu',
);

/** The help desk's own ticket tags, which the reply round-trip puts in front of the subject. */
const OWN_TICKET_TAG = /^\[\s*(?:CST\s+|#\s*)\d{4}-\d{6}\s*\]\s*/i;

/** Transport prefix of an Italian certified-mail (PEC) envelope. */
const PEC_PREFIX = /^POSTA CERTIFICATA\s*:\s*/i;

/** Strips reply/forward prefixes, a leading own ticket tag and 'POSTA CERTIFICATA:', repeatedly. */
export function stripSubjectPrefixes(subject: string): string {
  let current = collapseWhitespace(subject);
  for (;;) {
    const next = current.replace(PREFIX, '').replace(OWN_TICKET_TAG, '').replace(PEC_PREFIX, '');
    if (next === current) return current;
    current = next;
  }
}

/** The comparison key for threading by subject: prefixes stripped, lower-cased. */
export function normaliseSubject(subject: string): string {
  return stripSubjectPrefixes(subject).toLowerCase();
}

const TICKET_PATTERNS = [
  /\[\s*CST\s+(\d{4}-\d{6})\s*\]/i,
  /\[\s*#\s*(\d{4}-\d{6})\s*\]/,
  /\bticket\s*(?:n\.?\s*|nr\.?\s*|#\s*|:\s*)?(\d{4}-\d{6})(?!\d)/i,
];

/** The ticket number ('2026-000123') from '[CST 2026-000123]', '[#2026-000123]' or 'Ticket 2026-000123'. */
export function extractTicketNumber(subject: string): string | null {
  for (const pattern of TICKET_PATTERNS) {
    const match = pattern.exec(subject);
    if (match) return match[1];
  }
  return null;
}

export function collapseWhitespace(value: string): string {
  return stripControlCharacters(value).replace(/\s+/g, ' ').trim();
}

/** Decoded subject made storable: whitespace collapsed, capped without splitting a surrogate pair. */
export function cleanSubject(subject: string | undefined | null): string {
  const collapsed = collapseWhitespace((subject ?? '').slice(0, MAX_SUBJECT_LENGTH * 8));
  if (collapsed.length <= MAX_SUBJECT_LENGTH) return collapsed;
  let cut = collapsed.slice(0, MAX_SUBJECT_LENGTH);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.trimEnd();
}
