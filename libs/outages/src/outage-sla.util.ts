import { DateTime } from 'luxon';

import { OutageClock, OutageClockRules } from './outage-clock.util';

/** SLA.11: the contract asks for a report every contractMonths; CST sends one every everyMonths. */
export interface OutageReportSchedule {
  contractMonths: number;
  everyMonths: number;
  /** Days after the end of a period within which its report counts as on time. */
  dueDays: number;
}

/** One row of the SLA table, shaped like the ticket clocks' rows (ATTESO / RILEVATO / SCOSTAMENTO). */
export interface OutageSlaRow {
  code: string;
  title: string;
  target: string;
  measured: string;
  deviation: string;
  applied: number;
  met: number;
  breached: number;
  running: number;
  compliancePct: number | null;
  medianMinutes: number | null;
  p95Minutes: number | null;
  worstMinutes: number | null;
  /** SLA.11 only: each report period, when it was due, when it went out, and whether on time. */
  deliveries?: ReportDelivery[];
}

export interface ReportDelivery {
  period: string;
  dueAt: Date;
  sentAt: Date | null;
  state: 'met' | 'breached' | 'running';
}

export interface ReportPeriod {
  /** 2017-Q1 for three months, 2017-H1 for six, 2017-03 for one, 2017-P1 otherwise. */
  period: string;
  from: string;
  to: string;
  /** The instant the period ends (the next period's first midnight, Rome). */
  endAt: Date;
  dueAt: Date;
}

export interface DeliveryTime {
  period: string;
  sentAt: Date;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Nearest-rank percentile, as the ticket SLA table computes it in SQL (percentile_disc). */
function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

const minutesText = (m: number) => `${m}'`;

/** SLA.9 and SLA.10 over the clocks of the outages of a period. */
export function noticeSlaRows(clocks: readonly OutageClock[], rules: OutageClockRules): OutageSlaRow[] {
  const describe = {
    'SLA.9': {
      title:
        "Tempestiva e circostanziata comunicazione agli uffici dell'ente per interruzioni impreviste dovute a malfunzionamenti",
      target: `entro ${minutesText(rules.entesMinutes)} da avvio intervento`,
    },
    'SLA.10': {
      title: `Comunicazione all'utenza per interruzioni che superino i ${rules.usersAfterMinutes} minuti`,
      target: `entro ${minutesText(rules.usersMinutes)} da avvio intervento`,
    },
  } as const;
  return (['SLA.9', 'SLA.10'] as const).map((code) => {
    const mine = clocks.filter((c) => c.code === code && c.state !== 'not_applicable');
    const met = mine.filter((c) => c.state === 'met').length;
    const breached = mine.filter((c) => c.state === 'breached').length;
    const running = mine.filter((c) => c.state === 'running' || c.state === 'waiting').length;
    const times = mine
      .map((c) => c.minutes)
      .filter((m): m is number => m !== null)
      .sort((a, b) => a - b);
    const decided = met + breached;
    const { title, target } = describe[code];
    return {
      code,
      title,
      target,
      measured:
        mine.length === 0
          ? 'Nessuna interruzione'
          : decided === 0
            ? '-'
            : breached === 0
              ? target
              : `${round1((met * 100) / decided).toFixed(1)}% nei tempi`,
      deviation:
        breached === 0
          ? 'Nessuno scostamento rilevato'
          : `${breached} fuori tempo su ${decided} (${round1((breached * 100) / decided)}%)`,
      applied: mine.length,
      met,
      breached,
      running,
      compliancePct: decided === 0 ? null : Math.round((met * 1000) / decided) / 10,
      medianMinutes: nearestRank(times, 0.5),
      p95Minutes: nearestRank(times, 0.95),
      worstMinutes: times.length ? times[times.length - 1] : null,
    };
  });
}

/** The report periods (every `everyMonths`, aligned on the year) that end within [from, to] (local dates). */
export function reportPeriods(
  from: string,
  to: string,
  schedule: OutageReportSchedule,
  zone: string,
): ReportPeriod[] {
  const first = DateTime.fromISO(from, { zone }).startOf('day');
  const last = DateTime.fromISO(to, { zone }).startOf('day');
  const periods: ReportPeriod[] = [];
  for (let year = first.year - 1; year <= last.year; year++) {
    for (let start = 1; start <= 12; start += schedule.everyMonths) {
      const begin = DateTime.fromObject({ year, month: start, day: 1 }, { zone });
      const end = begin.plus({ months: schedule.everyMonths }).minus({ days: 1 });
      if (end < first || end > last) continue;
      periods.push(periodOf(begin, schedule));
    }
  }
  return periods;
}

/** The last period that has fully ended at `now` (the one a run at `now` should have sent). */
export function lastEndedPeriod(now: Date, schedule: OutageReportSchedule, zone: string): ReportPeriod {
  const local = DateTime.fromJSDate(now, { zone });
  const index = Math.floor((local.month - 1) / schedule.everyMonths);
  const current = DateTime.fromObject(
    { year: local.year, month: index * schedule.everyMonths + 1, day: 1 },
    { zone },
  );
  return periodOf(current.minus({ months: schedule.everyMonths }), schedule);
}

function periodOf(begin: DateTime, schedule: OutageReportSchedule): ReportPeriod {
  const next = begin.plus({ months: schedule.everyMonths });
  const n = Math.floor((begin.month - 1) / schedule.everyMonths) + 1;
  const label =
    schedule.everyMonths === 3
      ? `Q${n}`
      : schedule.everyMonths === 6
        ? `H${n}`
        : schedule.everyMonths === 1
          ? String(begin.month).padStart(2, '0')
          : `P${n}`;
  return {
    period: `${begin.year}-${label}`,
    from: begin.toISODate()!,
    to: next.minus({ days: 1 }).toISODate()!,
    endAt: next.toJSDate(),
    dueAt: next.plus({ days: schedule.dueDays }).toJSDate(),
  };
}

/** SLA.11: were the periodic outage reports of the periods ending in [from, to] sent on time? */
export function reportSlaRow(
  periods: readonly ReportPeriod[],
  deliveries: readonly DeliveryTime[],
  schedule: OutageReportSchedule,
  now: Date,
): OutageSlaRow {
  const detail = periods.map((p): ReportDelivery => {
    const sentAt = deliveries.find((d) => d.period === p.period)?.sentAt ?? null;
    const state = sentAt ? (sentAt <= p.dueAt ? 'met' : 'breached') : now > p.dueAt ? 'breached' : 'running';
    return { period: p.period, dueAt: p.dueAt, sentAt, state };
  });
  const met = detail.filter((d) => d.state === 'met').length;
  const breached = detail.filter((d) => d.state === 'breached').length;
  const running = detail.filter((d) => d.state === 'running').length;
  const decided = met + breached;
  const every = (months: number) => (months === 1 ? 'Ogni mese' : `Ogni ${months} mesi`);
  return {
    code: 'SLA.11',
    title:
      'Invio di report sui malfunzionamenti che hanno determinato interruzioni del servizio contenente se noti i dettagli relativi la problematica rilevata',
    target: every(schedule.contractMonths),
    measured:
      decided === 0
        ? '-'
        : breached === 0
          ? every(schedule.everyMonths)
          : `${met} report su ${decided} nei tempi`,
    deviation:
      decided === 0
        ? '-'
        : breached > 0
          ? `${breached} report fuori tempo su ${decided}`
          : schedule.everyMonths < schedule.contractMonths
            ? 'Prestazione migliorativa'
            : 'Nessuno scostamento rilevato',
    applied: detail.length,
    met,
    breached,
    running,
    compliancePct: decided === 0 ? null : Math.round((met * 1000) / decided) / 10,
    medianMinutes: null,
    p95Minutes: null,
    worstMinutes: null,
    deliveries: detail,
  };
}
