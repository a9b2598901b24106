/**
 * The outage notice clocks of the 2017 contract, counted in real time (24x7: an outage at night
 * is as urgent as one at noon; CONTEXT.md: "within 30 min of the intervention's start"):
 * SLA.9, notice to the affected entes' offices within 30 minutes of the intervention's start, for
 * unplanned outages; SLA.10, notice to users within 60 minutes of the intervention's start, when
 * the outage lasts over 30 minutes. The first notice of each kind stops its clock.
 */
export type NoticeKind = 'entes' | 'users';
export type OutageClockCode = 'SLA.9' | 'SLA.10';

export interface OutageTimes {
  startedAt: Date;
  interventionStartedAt: Date | null;
  endedAt: Date | null;
  planned: boolean;
}

export interface NoticeTime {
  kind: NoticeKind;
  sentAt: Date;
  /**
   * How many addresses the notice went to. A notice to the entes' offices that reached nobody (no
   * address on file for those entes) was not delivered: it does not stop SLA.9 (issue 16.10). A
   * notice to users is also published on the status page, so it counts whatever its mail list.
   */
  recipients?: number;
}

export interface OutageClockRules {
  /** SLA.9: minutes from the intervention's start to notify the entes' offices. */
  entesMinutes: number;
  /** SLA.10: minutes from the intervention's start to notify users. */
  usersMinutes: number;
  /** SLA.10 applies to outages lasting longer than this. */
  usersAfterMinutes: number;
  /** The staff are warned this many minutes before a notice is due (and again when it is late). */
  warnBeforeMinutes: number;
}

export const CONTRACT_OUTAGE_RULES: OutageClockRules = {
  entesMinutes: 30,
  usersMinutes: 60,
  usersAfterMinutes: 30,
  warnBeforeMinutes: 10,
};

/**
 * not_applicable: planned (SLA.9) or not longer than the threshold (SLA.10);
 * waiting: applies but the intervention has not started, so there is no due instant yet;
 * running: due in the future, no notice yet; met / breached: decided.
 */
export type OutageClockState = 'not_applicable' | 'waiting' | 'running' | 'met' | 'breached';

export interface OutageClock {
  code: OutageClockCode;
  kind: NoticeKind;
  state: OutageClockState;
  dueAt: Date | null;
  /** The first notice of this kind, which stopped the clock. */
  sentAt: Date | null;
  /** Real minutes from the intervention's start to the notice (0 when notified before it). */
  minutes: number | null;
  /** SLA.9: a notice was sent but reached nobody, and none that reached someone since. */
  undelivered?: boolean;
}

const MINUTE = 60_000;

export function outageClocks(
  outage: OutageTimes,
  notices: readonly NoticeTime[],
  now: Date,
  rules: OutageClockRules = CONTRACT_OUTAGE_RULES,
): OutageClock[] {
  const delivered = (n: NoticeTime) => n.kind === 'users' || n.recipients === undefined || n.recipients > 0;
  const first = (kind: NoticeKind) =>
    notices
      .filter((n) => n.kind === kind && delivered(n))
      .map((n) => n.sentAt)
      .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  const undelivered = first('entes') === null && notices.some((n) => n.kind === 'entes' && !delivered(n));
  const downMinutes = ((outage.endedAt ?? now).getTime() - outage.startedAt.getTime()) / MINUTE;
  const sla9 = clock('SLA.9', 'entes', !outage.planned, rules.entesMinutes, outage, first('entes'), now);
  return [
    undelivered && sla9.state !== 'not_applicable' ? { ...sla9, undelivered: true } : sla9,
    clock(
      'SLA.10',
      'users',
      downMinutes > rules.usersAfterMinutes,
      rules.usersMinutes,
      outage,
      first('users'),
      now,
    ),
  ];
}

function clock(
  code: OutageClockCode,
  kind: NoticeKind,
  applies: boolean,
  targetMinutes: number,
  outage: OutageTimes,
  sentAt: Date | null,
  now: Date,
): OutageClock {
  const start = outage.interventionStartedAt;
  const base = { code, kind, sentAt };
  if (!applies) return { ...base, state: 'not_applicable', dueAt: null, minutes: null };
  if (!start) return { ...base, state: 'waiting', dueAt: null, minutes: null };
  const dueAt = new Date(start.getTime() + targetMinutes * MINUTE);
  if (sentAt) {
    const minutes = Math.max(0, Math.round(((sentAt.getTime() - start.getTime()) / MINUTE) * 10) / 10);
    return { ...base, state: sentAt <= dueAt ? 'met' : 'breached', dueAt, minutes };
  }
  return { ...base, state: now > dueAt ? 'breached' : 'running', dueAt, minutes: null };
}

/** Minutes between two instants, one decimal (an outage's duration; null while it lasts). */
export function durationMinutes(from: Date, to: Date | null): number | null {
  return to === null ? null : Math.round(((to.getTime() - from.getTime()) / MINUTE) * 10) / 10;
}
