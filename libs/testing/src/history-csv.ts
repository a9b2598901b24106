import { IMPORT_COLUMNS } from '@app/tickets/import/ticket-csv.util';
/** History CSV in the import's format, and a generated year shaped like the 2017 report. */
/** The import's own columns, so test files always match what the importer reads. */
export const HISTORY_COLUMNS = IMPORT_COLUMNS;
export type HistoryRow = Partial<Record<(typeof HISTORY_COLUMNS)[number], string>>;

const field = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
export const csv = (rows: HistoryRow[]) =>
  [
    HISTORY_COLUMNS.join(','),
    ...rows.map((row) => HISTORY_COLUMNS.map((c) => field(row[c] ?? '')).join(',')),
  ].join('\n') + '\n';

/** A deterministic pseudo-random sequence, so the generated year is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A year shaped like 2017: 2,165 phone and 3,330 e-mail tickets with the report's statuses. */
export function generateYear(year: number): HistoryRow[] {
  const next = random(year);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const statuses = [
    ...Array<[string, string]>(2136).fill(['phone', 'resolved']),
    ...Array<[string, string]>(29).fill(['phone', 'resolved_not_competent']),
    ...Array<[string, string]>(3233).fill(['email', 'resolved']),
    ...Array<[string, string]>(87).fill(['email', 'resolved_not_competent']),
    ...Array<[string, string]>(6).fill(['email', 'open']),
    ...Array<[string, string]>(4).fill(['email', 'waiting']),
  ];
  // Shuffled so every batch mixes channels and statuses.
  for (let i = statuses.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [statuses[i], statuses[j]] = [statuses[j], statuses[i]];
  }
  const entes = ['PONTASSIEVE', 'FIESOLE', 'Comune di Vinci', 'Comune di Empoli', 'Comune di Cerreto Guidi'];
  const start = Date.UTC(year, 0, 2, 7, 0);
  // 363 days plus up to 10 hours of jitter: every ticket stays inside its local year.
  const step = (363 * 86_400_000) / statuses.length;
  const minutes = (n: number) => n * 60_000;
  return statuses.map(([channel, status], i) => {
    const received = new Date(start + i * step + minutes(Math.floor(next() * 600)));
    const taken = new Date(received.getTime() + minutes(1 + Math.floor(next() * 120)));
    const answered = new Date(taken.getTime() + minutes(Math.floor(next() * 400)));
    const resolved = new Date(answered.getTime() + minutes(Math.floor(next() * 900)));
    const person = Math.floor(next() * 900);
    const resolvedStatus = status.startsWith('resolved');
    return {
      number: `${year}-${String(i + 1).padStart(6, '0')}`,
      channel,
      received_at: received.toISOString(),
      ente: pick(entes),
      requester_name: `Cittadino ${person}`,
      requester_email: channel === 'email' ? `cittadino.${person}@example.it` : '',
      requester_phone: channel === 'phone' ? `055 ${String(1_000_000 + person)}` : '',
      subject: pick([
        'Pagamento PagoPA',
        'Accesso SPID, errore',
        'Certificato "anagrafico"',
        'Prenotazione mensa',
      ]),
      status,
      taken_in_charge_at: taken.toISOString(),
      first_answered_at: status === 'waiting' && next() < 0.5 ? '' : answered.toISOString(),
      resolved_at: resolvedStatus ? resolved.toISOString() : '',
      difficulty: next() < 0.3 ? pick(['low', 'medium_low', 'medium_high', 'high']) : '',
      redirected_to: status === 'resolved_not_competent' ? 'Agenzia delle Entrate' : '',
    };
  });
}
