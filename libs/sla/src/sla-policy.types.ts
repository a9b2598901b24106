import type { TicketChannel, TicketDifficulty } from './ticket-kinds';

/** What stops a clock: the ticket instant that, once set, ends it. */
export const CLOCK_STOPS = ['taken_in_charge', 'first_answer', 'intervention_started', 'resolved'] as const;
export type ClockStop = (typeof CLOCK_STOPS)[number];

export type ClockTargetValue = number | 'next_business_day';

export type ClockTarget =
  | { minutes: number }
  | { nextBusinessDay: true }
  | { byDifficulty: Partial<Record<TicketDifficulty, ClockTargetValue>> };

/**
 * One clock of a policy. Every clock starts when the ticket is received; `calendar` is a
 * calendar code, or "ente" for the ente's own calendar (patron saint) falling back to the
 * policy's default calendar.
 */
export interface ClockDefinition {
  code: string;
  title: string;
  titleEn?: string;
  calendar: string;
  target: ClockTarget;
  stop: ClockStop;
  pausesOnWaiting: boolean;
  appliesTo: { channels?: TicketChannel[]; malfunction?: boolean; difficulty?: boolean };
  warnAtPercent?: number;
}

export interface PolicyDefinition {
  code: string;
  name: string;
  defaultCalendar: string;
  clocks: ClockDefinition[];
}

export class SlaPolicyError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'SlaPolicyError';
  }
}

const CHANNELS = ['email', 'phone', 'web', 'monitoring'];
const DIFFICULTIES = ['low', 'medium_low', 'medium_high', 'high'];

function checkTargetValue(field: string, value: unknown): void {
  if (value === 'next_business_day') return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new SlaPolicyError(field, 'must be a positive number of minutes or "next_business_day"');
  }
}

/** Validates a policy read from JSON (config or an admin's edit), naming the first bad field. */
export function validatePolicy(input: unknown, knownCalendars: readonly string[]): PolicyDefinition {
  const policy = input as PolicyDefinition;
  if (!policy || typeof policy !== 'object') throw new SlaPolicyError('policy', 'must be an object');
  if (typeof policy.code !== 'string' || !policy.code) throw new SlaPolicyError('code', 'is required');
  if (typeof policy.name !== 'string' || !policy.name) throw new SlaPolicyError('name', 'is required');
  if (!knownCalendars.includes(policy.defaultCalendar)) {
    throw new SlaPolicyError('defaultCalendar', `unknown calendar "${policy.defaultCalendar}"`);
  }
  if (!Array.isArray(policy.clocks) || policy.clocks.length === 0)
    throw new SlaPolicyError('clocks', 'needs at least one clock');
  const codes = new Set<string>();
  policy.clocks.forEach((clock, i) => {
    const at = `clocks[${i}]`;
    if (typeof clock.code !== 'string' || !clock.code) throw new SlaPolicyError(`${at}.code`, 'is required');
    if (codes.has(clock.code)) throw new SlaPolicyError(`${at}.code`, `"${clock.code}" appears twice`);
    codes.add(clock.code);
    if (typeof clock.title !== 'string' || !clock.title)
      throw new SlaPolicyError(`${at}.title`, 'is required');
    if (clock.calendar !== 'ente' && !knownCalendars.includes(clock.calendar)) {
      throw new SlaPolicyError(`${at}.calendar`, `unknown calendar "${clock.calendar}"`);
    }
    if (!(CLOCK_STOPS as readonly string[]).includes(clock.stop)) {
      throw new SlaPolicyError(`${at}.stop`, `must be one of ${CLOCK_STOPS.join(', ')}`);
    }
    if (typeof clock.pausesOnWaiting !== 'boolean')
      throw new SlaPolicyError(`${at}.pausesOnWaiting`, 'must be true or false');
    const target = clock.target as Record<string, unknown>;
    if (!target || typeof target !== 'object') throw new SlaPolicyError(`${at}.target`, 'is required');
    if ('minutes' in target) checkTargetValue(`${at}.target.minutes`, target.minutes);
    else if ('byDifficulty' in target) {
      const table = target.byDifficulty as Record<string, unknown>;
      for (const [difficulty, value] of Object.entries(table ?? {})) {
        if (!DIFFICULTIES.includes(difficulty))
          throw new SlaPolicyError(`${at}.target.byDifficulty.${difficulty}`, 'unknown difficulty');
        checkTargetValue(`${at}.target.byDifficulty.${difficulty}`, value);
      }
    } else if (target.nextBusinessDay !== true) {
      throw new SlaPolicyError(`${at}.target`, 'needs minutes, nextBusinessDay or byDifficulty');
    }
    for (const channel of clock.appliesTo?.channels ?? []) {
      if (!CHANNELS.includes(channel))
        throw new SlaPolicyError(`${at}.appliesTo.channels`, `unknown channel "${channel}"`);
    }
    const warn = clock.warnAtPercent ?? 80;
    if (typeof warn !== 'number' || warn <= 0 || warn >= 100) {
      throw new SlaPolicyError(`${at}.warnAtPercent`, 'must be between 0 and 100');
    }
  });
  return policy;
}
