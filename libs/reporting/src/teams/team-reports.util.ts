import { CsvDialect, csvDocument } from '../export/csv.util';
import type { EscalationRow, PerformanceRow, ReportKey } from './team-reports.repository';

export interface TimeFigures {
  /** Tickets whose clock stopped (the times below are over these). */
  count: number;
  medianMinutes: number | null;
  p95Minutes: number | null;
}

/** One team or agent in one month (month null: the whole period). */
export interface PerformanceLine {
  month: string | null;
  /** The team's or agent's id; null: tickets with no team / no assignee. */
  id: string | null;
  name: string;
  handled: number;
  resolved: number;
  /** resolved / handled in percent, one decimal; null when nothing was handled. */
  resolvedPct: number | null;
  takeCharge: TimeFigures;
  answer: TimeFigures;
  breaches: number;
  /** Team: moved into this team; agent: moves this agent made. */
  escalationsIn: number;
  /** Team: moved out of this team; agent: always 0. */
  escalationsOut: number;
}

export interface ReportNote {
  code: 'mergedExcluded';
  count: number;
  it: string;
  en: string;
}

export interface PerformanceReport {
  from: string;
  to: string;
  by: ReportKey;
  teamId: string | null;
  rows: PerformanceLine[];
  totals: PerformanceLine[];
  notes: ReportNote[];
}

const NONE: Record<ReportKey, string> = {
  team: 'Nessun team / No team',
  agent: 'Non assegnati / Unassigned',
};

/** How merged duplicates are counted, said in the notes of every ticket report that leaves them out. */
export function mergedNote(count: number): ReportNote {
  return {
    code: 'mergedExcluded',
    count,
    it: `I ticket uniti a un altro ticket (${count} nel periodo) non sono contati: la loro richiesta è contata una volta, nel ticket in cui sono stati uniti.`,
    en: `Tickets merged into another ticket (${count} in the period) are not counted: their request is counted once, in the ticket they were merged into.`,
  };
}

const minutes = (v: number | null) => (v === null || v === undefined ? null : Math.round(Number(v)));
const pct = (resolved: number, handled: number) =>
  handled === 0 ? null : Math.round((resolved / handled) * 1000) / 10;

/**
 * The report's lines from the query's rows: a line per key and month, and a total per key; the
 * escalations of each month joined in (a team or agent with escalations but no tickets gets a line).
 */
export function buildPerformance(
  by: ReportKey,
  rows: readonly PerformanceRow[],
  escalations: readonly EscalationRow[],
  names: ReadonlyMap<string, string>,
  filterTeam?: string,
): { rows: PerformanceLine[]; totals: PerformanceLine[] } {
  const lines = new Map<string, PerformanceLine>();
  const keyOf = (month: string | null, key: string) => `${month ?? '*'}|${key}`;
  const line = (month: string | null, key: string): PerformanceLine => {
    const k = keyOf(month, key);
    let l = lines.get(k);
    if (!l) {
      l = {
        month,
        id: key === '-' ? null : key,
        name: key === '-' ? NONE[by] : (names.get(key) ?? key),
        handled: 0,
        resolved: 0,
        resolvedPct: null,
        takeCharge: { count: 0, medianMinutes: null, p95Minutes: null },
        answer: { count: 0, medianMinutes: null, p95Minutes: null },
        breaches: 0,
        escalationsIn: 0,
        escalationsOut: 0,
      };
      lines.set(k, l);
    }
    return l;
  };
  for (const r of rows) {
    const l = line(r.month, r.key);
    l.handled = r.handled;
    l.resolved = r.resolved;
    l.resolvedPct = pct(r.resolved, r.handled);
    l.takeCharge = {
      count: r.takeChargeCount,
      medianMinutes: minutes(r.takeChargeMedian),
      p95Minutes: minutes(r.takeChargeP95),
    };
    l.answer = {
      count: r.answerCount,
      medianMinutes: minutes(r.answerMedian),
      p95Minutes: minutes(r.answerP95),
    };
    l.breaches = r.breaches;
  }
  for (const e of escalations) {
    if (by === 'team') {
      const into = e.toTeam ?? '-';
      const outOf = e.fromTeam ?? '-';
      if (!filterTeam || into === filterTeam) {
        line(e.month, into).escalationsIn += e.n;
        line(null, into).escalationsIn += e.n;
      }
      if (!filterTeam || outOf === filterTeam) {
        line(e.month, outOf).escalationsOut += e.n;
        line(null, outOf).escalationsOut += e.n;
      }
    } else if (!filterTeam || e.toTeam === filterTeam || e.fromTeam === filterTeam) {
      const actor = e.actorId ?? '-';
      line(e.month, actor).escalationsIn += e.n;
      line(null, actor).escalationsIn += e.n;
    }
  }
  const order = (a: PerformanceLine, b: PerformanceLine) =>
    (a.month ?? '').localeCompare(b.month ?? '') ||
    Number(a.id === null) - Number(b.id === null) ||
    a.name.localeCompare(b.name, 'it');
  const all = [...lines.values()];
  return {
    rows: all.filter((l) => l.month !== null).sort(order),
    totals: all.filter((l) => l.month === null).sort(order),
  };
}

const HEADER = {
  it: [
    'Mese',
    'Nome',
    'Gestiti',
    'Risolti',
    '% Risolti',
    'Presa in carico: ticket',
    'Presa in carico: mediana (min lav.)',
    'Presa in carico: 95° percentile (min lav.)',
    'Risposta: ticket',
    'Risposta: mediana (min lav.)',
    'Risposta: 95° percentile (min lav.)',
    'Violazioni SLA',
    'Passaggi in entrata',
    'Passaggi in uscita',
  ],
  en: [
    'Month',
    'Name',
    'Handled',
    'Resolved',
    '% Resolved',
    'Take charge: tickets',
    'Take charge: median (business min)',
    'Take charge: 95th percentile (business min)',
    'Answer: tickets',
    'Answer: median (business min)',
    'Answer: 95th percentile (business min)',
    'SLA breaches',
    'Escalations in',
    'Escalations out',
  ],
};

/** The report's cells, one array per line (months, then the period's totals), header first. */
export function performanceTable(report: PerformanceReport, lang: 'it' | 'en'): (string | number | null)[][] {
  const total = lang === 'it' ? 'Totale periodo' : 'Period total';
  const cells = (l: PerformanceLine) => [
    l.month ?? total,
    l.name,
    l.handled,
    l.resolved,
    l.resolvedPct,
    l.takeCharge.count,
    l.takeCharge.medianMinutes,
    l.takeCharge.p95Minutes,
    l.answer.count,
    l.answer.medianMinutes,
    l.answer.p95Minutes,
    l.breaches,
    l.escalationsIn,
    l.escalationsOut,
  ];
  return [HEADER[lang], ...report.rows.map(cells), ...report.totals.map(cells)];
}

/** CSV in the dialect the UI asks for; the notes follow the table. */
export function performanceCsv(report: PerformanceReport, dialect: CsvDialect): string {
  const lang = dialect === 'en' ? 'en' : 'it';
  const table = performanceTable(report, lang).map((r) => r.map((v) => (v === null ? '' : String(v))));
  return csvDocument([...table, [], ...report.notes.map((n) => [n[lang]])], dialect);
}
