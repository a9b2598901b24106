import type { BusinessCalendar } from '@app/business-hours';
import { Clock, planClocks, PolicyDefinition, TicketFacts } from '@app/sla';

type Policy = { id: string; definition: PolicyDefinition };

/**
 * Marks the running clocks whose due instant has passed by `at` as breached at their due
 * instant, exactly as the sweeper would have (`sla-sweeper.service.ts`). The planner itself
 * only judges a clock when it stops.
 */
export function breachOverdue(clocks: readonly Clock[], at: Date): Clock[] {
  return clocks.map((clock) => {
    if (clock.state !== 'running' || !clock.dueAt || clock.dueAt > at) return clock;
    return {
      ...clock,
      state: 'breached',
      breachedAt: clock.dueAt,
      history: [
        ...clock.history,
        { at: clock.dueAt.toISOString(), kind: 'breached', reason: 'scaduto / overdue' },
      ],
    };
  });
}

function replace(clocks: readonly Clock[], changed: readonly Clock[]): Clock[] {
  const byKey = new Map(clocks.map((c) => [`${c.code}#${c.cycle}`, c]));
  for (const c of changed) byKey.set(`${c.code}#${c.cycle}`, c);
  return [...byKey.values()];
}

/**
 * The clocks an imported ticket ends up with, as if the help desk had run them live: planned
 * by the same pure planner, breached at their due instant when they ran past it, and for a
 * waiting ticket paused when it started waiting (a clock already overdue then stays breached,
 * as the sweeper would have caught it before the pause).
 */
export function planImportedClocks(
  policy: Policy,
  facts: TicketFacts,
  waitingSince: Date | null,
  now: Date,
  calendarFor: (code: string) => BusinessCalendar,
): Clock[] {
  if (!waitingSince) {
    return breachOverdue(planClocks(policy, facts, [], now, calendarFor).changed, now);
  }
  const beforeWaiting = planClocks(policy, { ...facts, status: 'open' }, [], waitingSince, calendarFor);
  const atWaiting = breachOverdue(beforeWaiting.changed, waitingSince);
  const paused = planClocks(policy, facts, atWaiting, waitingSince, calendarFor);
  return breachOverdue(replace(atWaiting, paused.changed), now);
}
