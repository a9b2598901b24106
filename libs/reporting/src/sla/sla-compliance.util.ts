import type { OutageSlaRow } from '@app/outages';
import { slaEntry, type SlaSource } from '@app/sla/sla-catalogue';

import type { SlaRowEnglish } from './sla-english.util';

/** One clock code's figures for the period, as the database aggregates them. */
export interface ClockAggregate {
  code: string;
  applied: number;
  met: number;
  breached: number;
  running: number;
  /** Business minutes (pauses excluded) of the stopped clocks: nearest-rank median, 95th percentile, max. */
  medianMinutes: number | null;
  p95Minutes: number | null;
  worstMinutes: number | null;
}

export interface ClockDescription {
  code: string;
  title: string;
  targetMinutes: number | null;
  nextBusinessDay: boolean;
  /** Counted on a 24x7 calendar: the target is real time from the report, not business time. */
  realTime: boolean;
  /** A target that depends on the ticket (the CED tiers by difficulty), said in words. */
  label?: string;
}

export interface SlaComplianceRow {
  code: string;
  title: string;
  /** Where the figure comes from: ticket clocks, monitoring (SLA.1-5), outages (SLA.9-10), periodic reports (SLA.11). */
  source: SlaSource;
  target: string;
  /** RILEVATO in the reports' words: "Entro 1h lavorativa", "99.996%", "7 ms", "Ogni 3 mesi". */
  measured: string;
  /** The measured figure when it is a number: uptime % or milliseconds (monitoring rows). */
  measuredValue: number | null;
  measuredUnit: '%' | 'ms' | null;
  /** Counts: null where the SLA is not counted in cases (uptime, response time). */
  applied: number | null;
  met: number | null;
  breached: number | null;
  running: number | null;
  /** met / (met + breached) x 100, one decimal; null when nothing was decided yet. */
  compliancePct: number | null;
  medianMinutes: number | null;
  p95Minutes: number | null;
  worstMinutes: number | null;
  deviation: string;
  /** SLA.11: each outage report period, due and sent instants, on time or not. */
  deliveries?: { period: string; dueAt: Date; sentAt: Date | null; state: string }[];
  /** The row's words in English for the English UI (the exports keep the consortium's Italian). */
  en?: SlaRowEnglish;
}

/** "entro 1h lavorativa", "entro 6h lavorative", "entro 2h dalla comunicazione", ... */
export function targetText(d: ClockDescription): string {
  if (d.label) return d.label;
  if (d.nextBusinessDay) return 'entro il giorno lavorativo successivo';
  const minutes = d.targetMinutes ?? 0;
  const amount = minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes} min`;
  if (d.realTime) return `entro ${amount} dalla comunicazione`;
  if (minutes % 60 !== 0) return `entro ${minutes} min lavorativi`;
  return minutes === 60 ? 'entro 1h lavorativa' : `entro ${amount} lavorative`;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round1OrNull = (x: number | null) => (x === null ? null : round1(x));

/**
 * The SLA table of the reports for the ticket clocks: per clock how many tickets it applied to,
 * met, breached and still running, the compliance rate, median, 95th percentile and worst time,
 * and the deviation in the reports' words ("Nessuno scostamento rilevato" when none was late).
 */
export function buildSlaCompliance(
  aggregates: readonly ClockAggregate[],
  descriptions: readonly ClockDescription[],
): SlaComplianceRow[] {
  return descriptions.map((d) => {
    const a = aggregates.find((x) => x.code === d.code);
    const met = a?.met ?? 0;
    const breached = a?.breached ?? 0;
    const decided = met + breached;
    const target = targetText(d);
    const compliancePct = decided === 0 ? null : Math.round((met * 1000) / decided) / 10;
    return {
      code: d.code,
      title: d.title,
      source: 'ticket' as const,
      target,
      measured:
        decided === 0
          ? '-'
          : breached === 0
            ? target.charAt(0).toUpperCase() + target.slice(1)
            : `${compliancePct!.toFixed(1)}% nei tempi`,
      measuredValue: null,
      measuredUnit: null,
      applied: a?.applied ?? 0,
      met,
      breached,
      running: a?.running ?? 0,
      compliancePct,
      medianMinutes: round1OrNull(a?.medianMinutes ?? null),
      p95Minutes: round1OrNull(a?.p95Minutes ?? null),
      worstMinutes: round1OrNull(a?.worstMinutes ?? null),
      deviation:
        breached === 0
          ? 'Nessuno scostamento rilevato'
          : `${breached} fuori tempo su ${decided} (${round1((breached * 100) / decided)}%)`,
    };
  });
}

/** SLA.1, SLA.2, ..., SLA.11, then the other clocks (CED): the order of the consortium's table. */
export function slaCodeOrder(a: { code: string }, b: { code: string }): number {
  const rank = (code: string) => {
    const m = /^SLA\.(\d+)$/.exec(code);
    return m ? Number(m[1]) : 1000;
  };
  return rank(a.code) - rank(b.code) || a.code.localeCompare(b.code);
}

/** An SLA.1-SLA.5 row of the availability report (uptime % or response time ms). */
export interface AvailabilityRowInput {
  code: string;
  title: string;
  target: string;
  measured: number | null;
  measuredText: string;
  deviation: string;
}

export function availabilitySlaRow(r: AvailabilityRowInput): SlaComplianceRow {
  return {
    code: r.code,
    title: r.title,
    source: 'monitoring',
    target: r.target,
    measured: r.measuredText,
    measuredValue: r.measured,
    measuredUnit: r.target.endsWith('ms') ? 'ms' : '%',
    applied: null,
    met: null,
    breached: null,
    running: null,
    compliancePct: null,
    medianMinutes: null,
    p95Minutes: null,
    worstMinutes: null,
    deviation: r.deviation,
  };
}

/** An SLA.9-SLA.11 row (notices counted per outage, reports per period) in the SLA table's shape. */
export function outageSlaRow(r: OutageSlaRow): SlaComplianceRow {
  return {
    ...r,
    source: slaEntry(r.code)?.source ?? 'outage',
    measuredValue: null,
    measuredUnit: null,
  };
}
