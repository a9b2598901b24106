/** A clock as the compliance report reads it, with its measured business time when stopped. */
export interface MeasuredClock {
  code: string;
  state: 'running' | 'paused' | 'met' | 'breached';
  stopped: boolean;
  /** Business minutes from start to stop, pauses excluded; null while running. */
  minutes: number | null;
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

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The SLA table of the reports for the ticket clocks: per clock how many tickets it applied to,
 * met, breached and still running, the compliance rate, median, 95th percentile and worst time,
 * and the deviation in the reports' words ("Nessuno scostamento rilevato" when none was late).
 */
export function buildSlaCompliance(
  clocks: readonly MeasuredClock[],
  descriptions: readonly ClockDescription[],
): SlaComplianceRow[] {
  return descriptions.map((d) => {
    const mine = clocks.filter((c) => c.code === d.code);
    const met = mine.filter((c) => c.state === 'met').length;
    const breached = mine.filter((c) => c.state === 'breached').length;
    const running = mine.filter((c) => c.state === 'running' || c.state === 'paused').length;
    const times = mine
      .filter((c) => c.stopped && c.minutes !== null)
      .map((c) => c.minutes!)
      .sort((a, b) => a - b);
    const decided = met + breached;
    const compliancePct = decided === 0 ? null : Math.round((met * 1000) / decided) / 10;
    return {
      code: d.code,
      title: d.title,
      target: targetText(d),
      applied: mine.length,
      met,
      breached,
      running,
      compliancePct,
      medianMinutes: times.length ? round1(percentile(times, 50)!) : null,
      p95Minutes: times.length ? round1(percentile(times, 95)!) : null,
      worstMinutes: times.length ? round1(times[times.length - 1]) : null,
      deviation:
        breached === 0
          ? 'Nessuno scostamento rilevato'
          : `${breached} fuori tempo su ${decided} (${round1((breached * 100) / decided)}%)`,
    };
  });
}
