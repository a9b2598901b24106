import { parse } from 'csv-parse/sync';

import type { TicketChannel, TicketDifficulty, TicketStatus } from '../entities';
import type { ImportProblem, ImportRow, ParsedTicketCsv } from './ticket-import.types';

export const IMPORT_COLUMNS = [
  'number',
  'channel',
  'received_at',
  'ente',
  'requester_name',
  'requester_email',
  'requester_phone',
  'subject',
  'status',
  'taken_in_charge_at',
  'first_answered_at',
  'resolved_at',
  'difficulty',
  'redirected_to',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Columns the header must have; the others may be left out of an export that never fills them. */
const REQUIRED_COLUMNS: readonly ImportColumn[] = [
  'number',
  'channel',
  'received_at',
  'ente',
  'requester_name',
  'subject',
  'status',
];

/** The columns in file order, each with whether a header must have it. */
export function importColumns(): { name: ImportColumn; required: boolean }[] {
  return IMPORT_COLUMNS.map((name) => ({ name, required: REQUIRED_COLUMNS.includes(name) }));
}

/** An example of each column (a resolved e-mail ticket), for the template the admin page offers. */
const EXAMPLE: Record<ImportColumn, string> = {
  number: '2017-000123',
  channel: 'email',
  received_at: '2017-03-01T09:30:00+01:00',
  ente: 'Comune di Fiesole',
  requester_name: 'Mario Rossi',
  requester_email: 'mario.rossi@comune.fiesole.fi.it',
  requester_phone: '+39 055 1234567',
  subject: 'Accesso al portale dei servizi',
  status: 'resolved',
  taken_in_charge_at: '2017-03-01T09:45:00+01:00',
  first_answered_at: '2017-03-01T10:10:00+01:00',
  resolved_at: '2017-03-01T11:00:00+01:00',
  difficulty: 'low',
  redirected_to: '',
};

/** The template: the header and one example row, comma-separated, that the import itself accepts. */
export function importTemplate(): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${IMPORT_COLUMNS.join(',')}\r\n${IMPORT_COLUMNS.map((c) => quote(EXAMPLE[c])).join(',')}\r\n`;
}

const CHANNELS: readonly TicketChannel[] = ['email', 'phone', 'web', 'monitoring'];
const STATUSES: readonly TicketStatus[] = ['new', 'open', 'waiting', 'resolved', 'resolved_not_competent'];
const DIFFICULTIES: readonly TicketDifficulty[] = ['low', 'medium_low', 'medium_high', 'high'];
const RESOLVED: readonly TicketStatus[] = ['resolved', 'resolved_not_competent'];

const NUMBER_RE = /^\d{4}-\d{6}$/;
// Only instants: a date and time with Z or an offset. A local time would be guessed at, and an
// hour's error moves SLA outcomes.
const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)$/;
const EMAIL_RE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/;

export const REASONS = {
  missingColumn: 'colonna mancante / missing column',
  duplicateColumn: 'colonna ripetuta / column appears twice',
  malformed: 'CSV non valido / malformed CSV',
  empty: 'file vuoto: manca la riga di intestazione / empty file: no header row',
  fieldCount: (expected: number, found: number) =>
    `numero di campi errato: attesi ${expected}, trovati ${found} / wrong number of fields: expected ${expected}, found ${found}`,
  notUtf8: 'carattere non valido: salvare il file in UTF-8 / invalid character: save the file as UTF-8',
  required: 'obbligatorio / required',
  badNumber: 'numero non valido (AAAA-NNNNNN) / invalid number (YYYY-NNNNNN)',
  duplicateNumber: (line: number) =>
    `numero ripetuto (già alla riga ${line}) / duplicate number (already on line ${line})`,
  badChannel: `canale non valido / invalid channel (${CHANNELS.join(', ')})`,
  badStatus: `stato non valido / invalid status (${STATUSES.join(', ')})`,
  badDifficulty: `difficoltà non valida / invalid difficulty (${DIFFICULTIES.join(', ')})`,
  badDate:
    'data non valida (ISO 8601 con fuso, es. 2017-03-01T09:30:00+01:00) / invalid date (ISO 8601 with offset)',
  future: 'data nel futuro / date in the future',
  beforeReceived: 'precede la ricezione / before received_at',
  before: (other: ImportColumn) => `precede ${other} / before ${other}`,
  requiredFor: (status: string) => `obbligatorio con stato ${status} / required with status ${status}`,
  notAllowedWith: (status: string) => `non ammesso con stato ${status} / not allowed with status ${status}`,
  onlyNotCompetent: 'ammesso solo con stato resolved_not_competent / only with status resolved_not_competent',
  badEmail: 'indirizzo e-mail non valido / invalid e-mail address',
  requesterName: 'nome del richiedente obbligatorio / the requester needs a name',
} as const;

/** Picks `;` for the exports of an Italian-locale spreadsheet, `,` otherwise, from the header line. */
export function detectDelimiter(text: string): ',' | ';' {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const count = (ch: string) => header.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/**
 * An ISO 8601 instant with an offset, or null. By hand rather than with Luxon: it runs four
 * times per row, and a year of history is tens of thousands of instants.
 */
export function parseInstant(value: string): Date | null {
  const m = INSTANT_RE.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0));
  const fraction = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const [offsetHours, offsetMinutes] = [Number(m[10] ?? 0), Number(m[11] ?? 0)];
  if (offsetHours > 14 || offsetMinutes > 59) return null;
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second, fraction));
  // Date.UTC rolls 30 February over into March; a real date comes back unchanged.
  const same =
    wall.getUTCFullYear() === year &&
    wall.getUTCMonth() === month - 1 &&
    wall.getUTCDate() === day &&
    wall.getUTCHours() === hour &&
    wall.getUTCMinutes() === minute &&
    wall.getUTCSeconds() === second;
  if (!same) return null;
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return new Date(wall.getTime() - offset * 60_000);
}

interface RawRecord {
  line: number;
  values: string[];
}

/** The records with the physical line each starts on (csv-parse reports where one ends). */
function readRecords(text: string, problems: ImportProblem[]): RawRecord[] | null {
  let parsed: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    // With `info`, each record comes as { record, info } (the typings only know plain records).
    // Line ends are made uniform first: csv-parse counts a CRLF inside a quoted field as two lines.
    const uniform = text.replace(/\r\n?/g, '\n');
    parsed = parse(uniform, {
      bom: true,
      delimiter: detectDelimiter(uniform.replace(/^\uFEFF/, '')),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    problems.push({ line: e.lines ?? 1, column: '', reason: `${REASONS.malformed}: ${e.message ?? error}` });
    return null;
  }
  const records: RawRecord[] = [];
  let previousEnd = 0;
  let previousEmpty = 0;
  for (const { record, info } of parsed) {
    records.push({ line: previousEnd + 1 + (info.empty_lines - previousEmpty), values: record });
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
  }
  return records;
}

/** Header positions of the known columns; a problem on line 1 for each missing or repeated one. */
function readHeader(header: RawRecord, problems: ImportProblem[]): Map<ImportColumn, number> {
  const positions = new Map<ImportColumn, number>();
  header.values.forEach((raw, index) => {
    const name = raw.trim().toLowerCase() as ImportColumn;
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) return;
    if (positions.has(name))
      problems.push({ line: header.line, column: name, reason: REASONS.duplicateColumn });
    else positions.set(name, index);
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!positions.has(column)) problems.push({ line: header.line, column, reason: REASONS.missingColumn });
  }
  return positions;
}

/**
 * Checks one record against the import rules, reporting every problem it has (not just the
 * first), and returns the normalised row when it has none.
 */
export function validateRecord(
  line: number,
  get: (column: ImportColumn) => string,
  now: Date,
): { row: ImportRow | null; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const problem = (column: ImportColumn, reason: string) => problems.push({ line, column, reason });
  const required = (column: ImportColumn) => {
    const value = get(column);
    if (!value) problem(column, REASONS.required);
    return value;
  };
  const oneOf = <T extends string>(column: ImportColumn, allowed: readonly T[], reason: string) => {
    const value = required(column);
    if (value && !allowed.includes(value as T)) problem(column, reason);
    return allowed.includes(value as T) ? (value as T) : null;
  };
  const instant = (column: ImportColumn) => {
    const value = get(column);
    if (!value) return null;
    const parsed = parseInstant(value);
    if (!parsed) problem(column, REASONS.badDate);
    else if (parsed > now) problem(column, REASONS.future);
    return parsed;
  };

  const number = required('number');
  if (number && !NUMBER_RE.test(number)) problem('number', REASONS.badNumber);
  const channel = oneOf('channel', CHANNELS, REASONS.badChannel);
  const status = oneOf('status', STATUSES, REASONS.badStatus);
  const receivedRaw = required('received_at');
  const receivedAt = receivedRaw ? instant('received_at') : null;
  const ente = required('ente');
  const subject = required('subject');

  const difficultyRaw = get('difficulty');
  if (difficultyRaw && !DIFFICULTIES.includes(difficultyRaw as TicketDifficulty))
    problem('difficulty', REASONS.badDifficulty);
  const difficulty = DIFFICULTIES.includes(difficultyRaw as TicketDifficulty)
    ? (difficultyRaw as TicketDifficulty)
    : null;

  const name = get('requester_name');
  const email = get('requester_email');
  const phone = get('requester_phone');
  if (email && !EMAIL_RE.test(email)) problem('requester_email', REASONS.badEmail);
  // Probes raise alerts on their own; anyone else who reports something has a name.
  if (!name && (channel !== 'monitoring' || email || phone)) problem('requester_name', REASONS.requesterName);

  let takenInChargeAt = instant('taken_in_charge_at');
  const firstAnsweredAt = instant('first_answered_at');
  const resolvedAt = instant('resolved_at');
  const redirectedTo = get('redirected_to');

  if (receivedAt) {
    const stamps = [
      ['taken_in_charge_at', takenInChargeAt],
      ['first_answered_at', firstAnsweredAt],
      ['resolved_at', resolvedAt],
    ] as const;
    for (const [column, at] of stamps) if (at && at < receivedAt) problem(column, REASONS.beforeReceived);
  }
  // The timeline is rebuilt in this order; a reversed pair would leave reports with the wrong status.
  if (takenInChargeAt && firstAnsweredAt && firstAnsweredAt < takenInChargeAt)
    problem('first_answered_at', REASONS.before('taken_in_charge_at'));
  if (takenInChargeAt && resolvedAt && resolvedAt < takenInChargeAt)
    problem('resolved_at', REASONS.before('taken_in_charge_at'));
  if (firstAnsweredAt && resolvedAt && resolvedAt < firstAnsweredAt)
    problem('resolved_at', REASONS.before('first_answered_at'));

  const isResolved = !!status && RESOLVED.includes(status);
  if (status && isResolved && !get('resolved_at')) problem('resolved_at', REASONS.requiredFor(status));
  if (status && !isResolved && get('resolved_at')) problem('resolved_at', REASONS.notAllowedWith(status));
  if ((status === 'open' || status === 'waiting') && !get('taken_in_charge_at'))
    problem('taken_in_charge_at', REASONS.requiredFor(status));
  if (status === 'new') {
    for (const column of ['taken_in_charge_at', 'first_answered_at'] as const)
      if (get(column)) problem(column, REASONS.notAllowedWith(status));
  }
  if (status === 'resolved_not_competent' && !redirectedTo)
    problem('redirected_to', REASONS.requiredFor(status));
  if (status && status !== 'resolved_not_competent' && redirectedTo)
    problem('redirected_to', REASONS.onlyNotCompetent);

  if (problems.length > 0 || !channel || !status || !receivedAt) return { row: null, problems };

  // Resolving (or answering) a ticket nobody took takes charge of it, as the workflow records it.
  const takenImplicitly = !takenInChargeAt && isResolved;
  if (takenImplicitly) takenInChargeAt = firstAnsweredAt ?? resolvedAt;
  return {
    row: {
      line,
      number,
      channel,
      status,
      receivedAt,
      ente,
      requester: name ? { name, email: email || null, phone: phone || null } : null,
      subject,
      takenInChargeAt,
      takenImplicitly,
      firstAnsweredAt,
      resolvedAt,
      difficulty,
      redirectedTo: redirectedTo || null,
    },
    problems,
  };
}

/**
 * Reads the previous system's CSV export: a header row naming the columns (any order, unknown
 * ones ignored, `,` or `;` separated), then one ticket per record. Pure: every bad row is
 * reported with its line, column and reason, and only valid rows are returned.
 */
export function parseTicketCsv(text: string, now: Date = new Date()): ParsedTicketCsv {
  const problems: ImportProblem[] = [];
  const records = readRecords(text, problems);
  if (!records) return { rows: [], problems, records: 0 };
  const [header, ...data] = records;
  if (!header) {
    return { rows: [], problems: [{ line: 1, column: '', reason: REASONS.empty }], records: 0 };
  }
  const positions = readHeader(header, problems);
  if (problems.length > 0) return { rows: [], problems, records: data.length };

  const rows: ImportRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of data) {
    if (record.values.length !== header.values.length) {
      problems.push({
        line: record.line,
        column: '',
        reason: REASONS.fieldCount(header.values.length, record.values.length),
      });
      continue;
    }
    // A file saved in Windows-1252 and read as UTF-8 turns "Città" into "Citt\uFFFD".
    const garbled = [...positions].find(([, index]) => record.values[index].includes('\uFFFD'));
    if (garbled) {
      problems.push({ line: record.line, column: garbled[0], reason: REASONS.notUtf8 });
      continue;
    }
    const get = (column: ImportColumn) => {
      const index = positions.get(column);
      return index === undefined ? '' : record.values[index].trim();
    };
    const result = validateRecord(record.line, get, now);
    problems.push(...result.problems);
    const number = get('number');
    if (number && NUMBER_RE.test(number)) {
      const first = firstLineOf.get(number);
      if (first !== undefined) {
        problems.push({ line: record.line, column: 'number', reason: REASONS.duplicateNumber(first) });
        continue;
      }
      firstLineOf.set(number, record.line);
    }
    if (result.row) rows.push(result.row);
  }
  return { rows, problems, records: data.length };
}
