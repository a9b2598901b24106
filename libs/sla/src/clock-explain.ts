import type { BusinessCalendar } from '@app/business-hours';

import { Clock, elapsedMinutes } from './clock-plan';
import type { ClockDefinition } from './sla-policy.types';

const MAX_INTERVALS = 400;

/**
 * What the ticket page shows of a clock: state, target, elapsed and remaining business time. Cheap
 * (two or three binary searches in the calendar): the page and every action's answer ask for it,
 * while the open intervals and closed days below are only for the explain endpoint.
 */
export function summariseClock(
  clock: Clock,
  def: ClockDefinition | undefined,
  calendar: BusinessCalendar,
  now: Date,
) {
  const elapsed = elapsedMinutes(calendar, clock, now);
  const target: number | 'next_business_day' | null =
    clock.targetKind === 'next_business_day' ? 'next_business_day' : clock.targetMinutes;
  const remaining =
    clock.stoppedAt || !clock.dueAt
      ? null
      : clock.pausedAt
        ? (typeof target === 'number'
            ? target
            : calendar.businessMinutesBetween(clock.startedAt, clock.dueAt)) - elapsed
        : clock.dueAt > now
          ? calendar.businessMinutesBetween(now, clock.dueAt)
          : -calendar.businessMinutesBetween(clock.dueAt, now);
  return {
    code: clock.code,
    title: def?.title ?? clock.code,
    titleEn: def?.titleEn ?? null,
    cycle: clock.cycle,
    state: clock.state,
    calendar: clock.calendarCode,
    timeZone: calendar.timeZone,
    target,
    startedAt: clock.startedAt,
    dueAt: clock.dueAt,
    warnAt: clock.warnAt,
    atRiskAt: clock.atRiskAt,
    stoppedAt: clock.stoppedAt,
    breachedAt: clock.breachedAt,
    pausedAt: clock.pausedAt,
    pausedMinutes: clock.pausedMinutes,
    elapsedMinutes: elapsed,
    /** Business minutes left (negative: overdue); null once stopped. */
    remainingMinutes: remaining,
  };
}

/**
 * How a deadline was computed, for a supervisor who doubts a breach: the open intervals
 * counted, the closed days skipped, each pause and recomputation, and the verdict.
 */
export function explainClock(
  clock: Clock,
  def: ClockDefinition | undefined,
  calendar: BusinessCalendar,
  now: Date,
) {
  const end = clock.stoppedAt ?? (clock.dueAt && clock.dueAt > now ? clock.dueAt : now);
  const intervals = calendar.openIntervals(clock.startedAt, end);
  return {
    ...summariseClock(clock, def, calendar, now),
    openIntervals: intervals.slice(0, MAX_INTERVALS).map((i) => ({
      start: i.start,
      end: i.end,
      minutes: (i.end.getTime() - i.start.getTime()) / 60_000,
    })),
    openIntervalsTruncated: intervals.length > MAX_INTERVALS,
    closedDays: calendar.closedDaysBetween(clock.startedAt, end),
    history: clock.history,
  };
}

export type ClockExplanation = ReturnType<typeof explainClock>;
