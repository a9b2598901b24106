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
  target: string;
  applied: number;
  met: number;
  breached: number;
  running: number;
  /** met / (met + breached) x 100, one decimal; null when nothing was decided yet. */
  compliancePct: number | null;
  medianMinutes: number | null;
  p95Minutes: number | null;
  worstMinutes: number | null;
  deviation: string;
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
    return {
      code: d.code,
      title: d.title,
      target: targetText(d),
      applied: a?.applied ?? 0,
      met,
      breached,
      running: a?.running ?? 0,
      compliancePct: decided === 0 ? null : Math.round((met * 1000) / decided) / 10,
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
