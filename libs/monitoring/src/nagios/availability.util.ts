import type { NagiosEvent, NagiosObject, NagiosState, NagiosStateEvent } from './nagios-log.util';

/**
 * States that count as "down" by default.
 * Choice: only a host DOWN/UNREACHABLE or a service CRITICAL is an outage. WARNING means the
 * service still answers (degraded, e.g. slow or a disk filling up), and UNKNOWN means the probe
 * itself failed (timeout of the plugin, NRPE not answering) — neither shows the service is
 * unavailable to users, so both count as up together with OK/UP. Pass `downStates` to change it.
 */
export const DEFAULT_DOWN_STATES: readonly NagiosState[] = ['DOWN', 'UNREACHABLE', 'CRITICAL'];

export interface AvailabilityOptions {
  excludeScheduledDowntime: boolean;
}

export interface Availability {
  object: NagiosObject;
  /** Length of [from, to) in seconds. */
  periodSeconds: number;
  /** periodSeconds minus scheduled downtime when it is excluded. */
  countedSeconds: number;
  /** Seconds in a down state, outside excluded scheduled downtime. */
  downSeconds: number;
  /** (countedSeconds - downSeconds) / countedSeconds * 100, not rounded; null when nothing is counted. */
  uptimePct: number | null;
  /** HARD state timeline covering [from, to), adjacent equal states merged. Unknown stretches show as UP/OK. */
  intervals: { from: Date; to: Date; state: NagiosState }[];
  /** Scheduled downtime windows (object and, for a service, its host) inside [from, to), merged. Reported even when not excluded. */
  scheduledDowntime: { from: Date; to: Date }[];
}

type Span = { from: number; to: number };

/**
 * Uptime of one host or service over [from, to) from its HARD state history (SOFT problem states never change
 * availability; a recovery does, SOFT or HARD, as it does Nagios's last_hard_state).
 * The state at `from` is the last HARD state at or before it (pass the events before `from` too); with no known
 * state before the first event, the object counts as up until its first HARD event, and an object never seen
 * is up for the whole period. CURRENT/INITIAL state lines count as HARD state observations.
 * Host and service names are matched case-insensitively (reports say CSDB1, Nagios logs csdb1).
 * Down states: see DEFAULT_DOWN_STATES (overridable with `downStates`).
 * Scheduled downtime windows (STARTED..STOPPED/CANCELLED for that object; for a service, its host's downtime
 * counts too) are removed from both the period and the down time when excludeScheduledDowntime. A STARTED without
 * an end lasts until `to`; a STOPPED/CANCELLED without a STARTED is ignored (its start is unknown).
 * Throws RangeError for invalid dates or `to` before `from`.
 */
export function availability(
  events: readonly NagiosEvent[],
  object: NagiosObject,
  from: Date,
  to: Date,
  options: AvailabilityOptions & { downStates?: NagiosState[] },
): Availability {
  const start = from.getTime();
  const end = to.getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) throw new RangeError('availability: invalid date');
  if (end < start) throw new RangeError('availability: `to` is before `from`');
  const downStates: readonly NagiosState[] = options.downStates ?? DEFAULT_DOWN_STATES;

  const intervals = stateTimeline(events, object, start, end);
  const downtime = downtimeWindows(events, object, start, end);
  const excluded = options.excludeScheduledDowntime ? downtime : [];

  const periodMs = end - start;
  const countedMs = periodMs - totalLength(excluded);
  let downMs = 0;
  for (const span of intervals) {
    if (downStates.includes(span.state)) downMs += span.to - span.from - overlapLength(span, excluded);
  }
  const countedSeconds = countedMs / 1000;
  const downSeconds = downMs / 1000;
  return {
    object,
    periodSeconds: periodMs / 1000,
    countedSeconds,
    downSeconds,
    uptimePct: countedMs > 0 ? ((countedSeconds - downSeconds) / countedSeconds) * 100 : null,
    intervals: intervals.map((s) => ({ from: new Date(s.from), to: new Date(s.to), state: s.state })),
    scheduledDowntime: downtime.map((s) => ({ from: new Date(s.from), to: new Date(s.to) })),
  };
}

/** Mean of several objects' uptimes (SLA.5 averages CSDB1, CSDB2, CSCMS, CSICMS, CSBO); nulls are left out, null when none is left. */
export function meanUptime(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return known.length === 0 ? null : known.reduce((acc, v) => acc + v, 0) / known.length;
}

/**
 * Deviation in percentage points as the reports write it: measured 100.0 vs target 99.0 -> '+1.00%';
 * 99.996 vs 98.5 -> '+1.496%'. Keeps the precision of the measured value (at least 2 decimals, at most 10,
 * so round an unrounded uptime first); '+' when on or above target, '-' when below.
 */
export function deviationText(measured: number, target: number): string {
  if (!Number.isFinite(measured) || !Number.isFinite(target))
    throw new RangeError('deviationText: not a number');
  const digits = Math.max(2, decimals(measured));
  const text = Math.abs(measured - target).toFixed(digits);
  const isZero = Number(text) === 0;
  return `${measured < target && !isZero ? '-' : '+'}${text}%`;
}

function decimals(value: number): number {
  for (let d = 0; d < 10; d++) if (Number(value.toFixed(d)) === value) return d;
  return 10;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function isOf(e: NagiosEvent, host: string, service: string | null): boolean {
  if (!sameName(e.host, host)) return false;
  return service === null ? e.service === null : e.service !== null && sameName(e.service, service);
}

function byTime<T extends NagiosEvent>(list: T[]): T[] {
  // Array.prototype.sort is stable: same-second events keep their log order.
  return list.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * A recovery ends a HARD problem even when Nagios logs it SOFT: a service that went HARD while its
 * host was down recovers with `OK;SOFT`, and Nagios's own last_hard_state is OK from then on.
 */
function isRecoveredState(state: NagiosState): boolean {
  return state === 'OK' || state === 'UP';
}

function stateTimeline(
  events: readonly NagiosEvent[],
  object: NagiosObject,
  start: number,
  end: number,
): (Span & { state: NagiosState })[] {
  const hard = byTime(
    events.filter(
      (e): e is NagiosStateEvent =>
        e.kind === 'state' &&
        (e.stateType === 'HARD' || isRecoveredState(e.state)) &&
        isOf(e, object.host, object.service),
    ),
  );
  let state: NagiosState = object.service === null ? 'UP' : 'OK';
  const spans: (Span & { state: NagiosState })[] = [];
  let cursor = start;
  for (const e of hard) {
    const at = e.at.getTime();
    if (at >= end) break;
    if (at > cursor && e.state !== state) {
      spans.push({ from: cursor, to: at, state });
      cursor = at;
    }
    state = e.state;
  }
  if (end > cursor) spans.push({ from: cursor, to: end, state });
  return spans;
}

function downtimeWindows(
  events: readonly NagiosEvent[],
  object: NagiosObject,
  start: number,
  end: number,
): Span[] {
  const owners: (string | null)[] = object.service === null ? [null] : [object.service, null];
  const windows: Span[] = [];
  for (const service of owners) {
    let openedAt: number | null = null;
    for (const e of byTime(events.filter((x) => x.kind === 'downtime' && isOf(x, object.host, service)))) {
      if (e.kind !== 'downtime') continue;
      const at = e.at.getTime();
      if (e.phase === 'STARTED') {
        openedAt ??= at;
      } else if (openedAt !== null) {
        windows.push({ from: openedAt, to: at });
        openedAt = null;
      }
    }
    if (openedAt !== null) windows.push({ from: openedAt, to: end });
  }
  return mergeSpans(
    windows
      .map((w) => ({ from: Math.max(w.from, start), to: Math.min(w.to, end) }))
      .filter((w) => w.to > w.from),
  );
}

function mergeSpans(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.from - b.from)) {
    const last = merged[merged.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else merged.push({ ...s });
  }
  return merged;
}

function totalLength(spans: readonly Span[]): number {
  return spans.reduce((acc, s) => acc + (s.to - s.from), 0);
}

function overlapLength(span: Span, others: readonly Span[]): number {
  return others.reduce(
    (acc, o) => acc + Math.max(0, Math.min(span.to, o.to) - Math.max(span.from, o.from)),
    0,
  );
}
