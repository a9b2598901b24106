/** Pure helpers behind the queue's live SLA countdown (unit-tested; no DOM, no clock of their own). */

export type ClockTone = 'ok' | 'risk' | 'breached' | 'none';

export interface CountdownClock {
  dueAt: string;
  warnAt: string | null;
  state: 'running' | 'breached';
}

/** Green until the warning instant, amber until due, red once due (or already marked breached). */
export function clockTone(clock: CountdownClock | null, now: number): ClockTone {
  if (!clock) return 'none';
  const due = Date.parse(clock.dueAt);
  if (clock.state === 'breached' || now >= due) return 'breached';
  if (clock.warnAt && now >= Date.parse(clock.warnAt)) return 'risk';
  return 'ok';
}

/**
 * A duration as agents read it at a glance: seconds only in the last hour (they watch those
 * tick), then hours and minutes, then days and hours. `dayUnit` is "g" in Italian, "d" in English.
 */
export function formatDuration(ms: number, dayUnit = 'g'): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days}${dayUnit} ${hours}h`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  return `${minutes}m ${pad(seconds)}s`;
}

/** Age of a ticket, coarser than a countdown: minutes, hours or days. */
export function formatAge(ms: number, dayUnit = 'g'): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}${dayUnit}`;
}
