import type { BusinessCalendar } from '@app/business-hours';

import type { ClockDefinition, ClockStop, ClockTargetValue, PolicyDefinition } from './sla-policy.types';
import type { TicketChannel, TicketDifficulty, TicketStatus } from './ticket-kinds';

export type ClockState = 'running' | 'paused' | 'met' | 'breached' | 'cancelled';

export interface ClockHistoryEntry {
  at: string;
  kind: 'started' | 'paused' | 'resumed' | 'recomputed' | 'stopped' | 'breached' | 'at_risk' | 'cancelled';
  reason?: string;
  dueAt?: string | null;
}

/** A clock as persisted (one row per ticket, clock and cycle). */
export interface Clock {
  id?: string;
  code: string;
  cycle: number;
  policyId: string;
  calendarCode: string;
  targetKind: 'minutes' | 'next_business_day';
  targetMinutes: number | null;
  startedAt: Date;
  dueAt: Date | null;
  warnAt: Date | null;
  pausedAt: Date | null;
  pausedMinutes: number;
  stoppedAt: Date | null;
  /** Business minutes from start to stop, pauses excluded, fixed when the clock stops (reports aggregate it). */
  elapsedMinutes?: number | null;
  atRiskAt: Date | null;
  breachedAt: Date | null;
  state: ClockState;
  history: ClockHistoryEntry[];
}

/** The ticket facts the clocks depend on. */
export interface TicketFacts {
  channel: TicketChannel;
  malfunction: boolean;
  difficulty: TicketDifficulty | null;
  status: TicketStatus;
  receivedAt: Date;
  takenInChargeAt: Date | null;
  firstAnsweredAt: Date | null;
  interventionStartedAt: Date | null;
  resolvedAt: Date | null;
  /** The ente's own calendar code, if it has one. */
  enteCalendar: string | null;
}

export interface ClockTransition {
  clock: Clock;
  kind: 'met' | 'breached' | 'recomputed';
  reason?: string;
}

export interface ClockPlan {
  /** Clocks that are new or changed, to insert or update. */
  changed: Clock[];
  /** What the timeline should say. */
  transitions: ClockTransition[];
}

const STOP_FIELD: Record<ClockStop, keyof TicketFacts> = {
  taken_in_charge: 'takenInChargeAt',
  first_answer: 'firstAnsweredAt',
  intervention_started: 'interventionStartedAt',
  resolved: 'resolvedAt',
};

export function stopInstant(def: ClockDefinition, facts: TicketFacts): Date | null {
  return (facts[STOP_FIELD[def.stop]] as Date | null) ?? null;
}

/** The target that applies to this ticket, or null when the clock does not apply to it. */
export function targetFor(def: ClockDefinition, facts: TicketFacts): ClockTargetValue | null {
  const { channels, malfunction, difficulty } = def.appliesTo ?? {};
  if (channels && !channels.includes(facts.channel)) return null;
  // A monitoring ticket its recovery resolved before anyone took charge: nobody was asked to take
  // charge in time, so the take-charge clock does not apply (never met by an implicit take-charge).
  if (
    def.stop === 'taken_in_charge' &&
    facts.channel === 'monitoring' &&
    facts.resolvedAt &&
    !facts.takenInChargeAt
  )
    return null;
  if (malfunction !== undefined && facts.malfunction !== malfunction) return null;
  if (difficulty && !facts.difficulty) return null;
  if ('minutes' in def.target) return def.target.minutes;
  if ('nextBusinessDay' in def.target) return 'next_business_day';
  return facts.difficulty ? (def.target.byDifficulty[facts.difficulty] ?? null) : null;
}

export function calendarCodeFor(def: ClockDefinition, policy: PolicyDefinition, facts: TicketFacts): string {
  return def.calendar === 'ente' ? (facts.enteCalendar ?? policy.defaultCalendar) : def.calendar;
}

/** Due and warning instants: the target in business time after the start, extended by paused business time. */
export function deadlines(
  calendar: BusinessCalendar,
  startedAt: Date,
  target: ClockTargetValue,
  pausedMinutes: number,
  warnAtPercent: number,
): { dueAt: Date; warnAt: Date; targetMinutes: number } {
  const targetMinutes =
    target === 'next_business_day'
      ? calendar.businessMinutesBetween(startedAt, calendar.endOfNextBusinessDay(startedAt))
      : target;
  const dueAt =
    target === 'next_business_day'
      ? calendar.addBusinessMinutes(calendar.endOfNextBusinessDay(startedAt), pausedMinutes)
      : calendar.addBusinessMinutes(startedAt, target + pausedMinutes);
  const warnAt = calendar.addBusinessMinutes(
    startedAt,
    (targetMinutes * warnAtPercent) / 100 + pausedMinutes,
  );
  return { dueAt, warnAt, targetMinutes };
}

/** Business minutes the clock has consumed by `at` (pauses excluded). */
export function elapsedMinutes(calendar: BusinessCalendar, clock: Clock, at: Date): number {
  const end = [at, clock.stoppedAt, clock.pausedAt]
    .filter((d): d is Date => !!d)
    .reduce((a, b) => (a < b ? a : b));
  return Math.max(0, calendar.businessMinutesBetween(clock.startedAt, end) - clock.pausedMinutes);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Brings a ticket's clocks in line with its facts, as a pure function: starts the clocks that
 * apply, pauses and resumes them with `waiting`, stops them at their stop instant (met or
 * breached), recomputes a changed target keeping the elapsed business time, and starts a new
 * cycle when a resolved ticket is reopened.
 */
export function planClocks(
  policy: { id: string; definition: PolicyDefinition },
  facts: TicketFacts,
  existing: readonly Clock[],
  now: Date,
  calendarFor: (code: string) => BusinessCalendar,
): ClockPlan {
  const changed: Clock[] = [];
  const transitions: ClockTransition[] = [];

  for (const def of policy.definition.clocks) {
    const warnPct = def.warnAtPercent ?? 80;
    const cycles = existing.filter((c) => c.code === def.code).sort((a, b) => a.cycle - b.cycle);
    const latest = cycles[cycles.length - 1];
    const target = targetFor(def, facts);
    const stopAt = stopInstant(def, facts);

    const startCycle = (cycle: number, startedAt: Date, reason: string) => {
      const calendarCode = calendarCodeFor(def, policy.definition, facts);
      const calendar = calendarFor(calendarCode);
      const { dueAt, warnAt, targetMinutes } = deadlines(calendar, startedAt, target!, 0, warnPct);
      const clock: Clock = {
        code: def.code,
        cycle,
        policyId: policy.id,
        calendarCode,
        targetKind: target === 'next_business_day' ? 'next_business_day' : 'minutes',
        targetMinutes: target === 'next_business_day' ? null : targetMinutes,
        startedAt,
        dueAt,
        warnAt,
        pausedAt: null,
        pausedMinutes: 0,
        stoppedAt: null,
        atRiskAt: null,
        breachedAt: null,
        state: 'running',
        history: [{ at: startedAt.toISOString(), kind: 'started', reason, dueAt: dueAt.toISOString() }],
      };
      changed.push(clock);
      return clock;
    };

    let clock: Clock | undefined = latest ? { ...latest, history: [...latest.history] } : undefined;
    const live = (c?: Clock) => !!c && !c.stoppedAt && c.state !== 'cancelled';

    if (target === null) {
      if (clock && live(clock)) {
        clock.state = 'cancelled';
        clock.history.push({
          at: now.toISOString(),
          kind: 'cancelled',
          reason: 'non più applicabile / no longer applies',
        });
        changed.push(clock);
      }
      continue;
    }

    if (!clock) {
      clock = startCycle(1, facts.receivedAt, 'ricezione / received');
    } else if (!live(clock)) {
      // Reopened (the stop instant was cleared) or applicable again after a cancellation.
      if (clock.state === 'cancelled' || (clock.stoppedAt && stopAt === null)) {
        const reason =
          clock.state === 'cancelled' ? 'di nuovo applicabile / applies again' : 'riapertura / reopened';
        const startedAt = clock.state === 'cancelled' ? facts.receivedAt : now;
        clock = startCycle(clock.cycle + 1, startedAt, reason);
      } else {
        continue;
      }
    }

    // The ticket moved to another policy version: the clock follows its definition from now on.
    const policyChanged = clock.policyId !== policy.id;
    if (policyChanged) {
      clock.policyId = policy.id;
      clock.calendarCode = calendarCodeFor(def, policy.definition, facts);
    }
    const calendar = calendarFor(clock.calendarCode);
    const touched = () => {
      if (!changed.includes(clock!)) changed.push(clock!);
    };

    // A changed target (difficulty reclassified) keeps the business time already elapsed.
    const currentTarget =
      clock.targetKind === 'next_business_day' ? 'next_business_day' : clock.targetMinutes;
    if (currentTarget !== target || policyChanged) {
      const { dueAt, warnAt, targetMinutes } = deadlines(
        calendar,
        clock.startedAt,
        target,
        clock.pausedMinutes,
        warnPct,
      );
      clock.targetKind = target === 'next_business_day' ? 'next_business_day' : 'minutes';
      clock.targetMinutes = target === 'next_business_day' ? null : targetMinutes;
      clock.dueAt = dueAt;
      clock.warnAt = warnAt;
      const reason = policyChanged
        ? `policy cambiata / policy changed (${currentTarget} -> ${target})`
        : `obiettivo cambiato / target changed: ${currentTarget} -> ${target}`;
      clock.history.push({ at: now.toISOString(), kind: 'recomputed', reason, dueAt: iso(dueAt) });
      if (clock.state === 'breached' && dueAt > now) {
        clock.state = clock.pausedAt ? 'paused' : 'running';
        clock.breachedAt = null;
      }
      if (clock.atRiskAt && warnAt > now) clock.atRiskAt = null;
      transitions.push({ clock, kind: 'recomputed', reason });
      touched();
    }

    const resume = (at: Date, why: string) => {
      clock!.pausedMinutes += calendar.businessMinutesBetween(clock!.pausedAt!, at);
      clock!.pausedAt = null;
      const next = deadlines(calendar, clock!.startedAt, target, clock!.pausedMinutes, warnPct);
      clock!.dueAt = next.dueAt;
      clock!.warnAt = next.warnAt;
      clock!.history.push({ at: at.toISOString(), kind: 'resumed', reason: why, dueAt: iso(next.dueAt) });
    };

    if (stopAt) {
      if (clock.pausedAt) resume(stopAt < clock.pausedAt ? clock.pausedAt : stopAt, 'chiusura / stopped');
      clock.stoppedAt = stopAt;
      clock.elapsedMinutes = Math.max(
        0,
        calendar.businessMinutesBetween(clock.startedAt, stopAt) - clock.pausedMinutes,
      );
      const late = clock.dueAt !== null && stopAt > clock.dueAt;
      clock.history.push({ at: stopAt.toISOString(), kind: 'stopped', dueAt: iso(clock.dueAt) });
      if (clock.state === 'breached' && late) {
        // Already recorded as breached (by the sweeper, at the due instant).
      } else if (clock.state === 'breached') {
        // A stop instant registered after the fact (a phone answer logged later) that falls
        // before the due instant: the earlier breach was premature.
        clock.state = 'met';
        clock.breachedAt = null;
        transitions.push({ clock, kind: 'met', reason: 'fermato in tempo / stopped in time' });
      } else if (late) {
        clock.state = 'breached';
        clock.breachedAt = clock.dueAt;
        transitions.push({ clock, kind: 'breached' });
      } else {
        clock.state = 'met';
        transitions.push({ clock, kind: 'met' });
      }
      touched();
      continue;
    }

    if (def.pausesOnWaiting && clock.state !== 'breached') {
      if (facts.status === 'waiting' && !clock.pausedAt) {
        clock.pausedAt = now;
        clock.state = 'paused';
        clock.history.push({
          at: now.toISOString(),
          kind: 'paused',
          reason: 'in attesa del richiedente / waiting',
        });
        touched();
      } else if (facts.status !== 'waiting' && clock.pausedAt) {
        resume(now, 'ripresa / resumed');
        clock.state = 'running';
        touched();
      }
    }
  }
  // Clocks of codes the ticket's policy no longer has (it moved to another version) stop counting.
  const codes = new Set(policy.definition.clocks.map((d) => d.code));
  for (const stale of existing) {
    if (codes.has(stale.code) || stale.stoppedAt || stale.state === 'cancelled') continue;
    changed.push({
      ...stale,
      state: 'cancelled',
      history: [
        ...stale.history,
        {
          at: now.toISOString(),
          kind: 'cancelled',
          reason: 'non più nella policy / no longer in the policy',
        },
      ],
    });
  }
  return { changed, transitions };
}

/** The instant the queue sorts by: the nearest due of the clocks still ticking (breached ones included). */
export function nextDue(clocks: readonly Clock[]): Date | null {
  const dues = clocks
    .filter((c) => !c.stoppedAt && (c.state === 'running' || c.state === 'breached') && c.dueAt)
    .map((c) => c.dueAt!.getTime());
  return dues.length ? new Date(Math.min(...dues)) : null;
}
