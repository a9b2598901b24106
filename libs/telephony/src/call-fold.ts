export const CTI_EVENTS = ['newCall', 'answer', 'hangup'] as const;
export type CtiEventName = (typeof CTI_EVENTS)[number];
export type CallDirection = 'in' | 'out';

/** ringing: newCall only; talking: answered, not hung up; answered / missed: over. */
export type CallStatus = 'ringing' | 'talking' | 'answered' | 'missed';

/** One stored CTI event of a call. */
export interface StoredCtiEvent {
  event: CtiEventName;
  at: Date;
  from: string | null;
  to: string | null;
  direction: CallDirection | null;
  user: string | null;
  cause: string | null;
}

export interface CallState {
  direction: CallDirection;
  from: string | null;
  to: string | null;
  status: CallStatus;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  /** The extension the PBX rang (newCall's user), whose mapped agent alone is told. */
  extension: string | null;
  answeredBy: string | null;
  cause: string | null;
}

const ORDER: Record<CtiEventName, number> = { newCall: 0, answer: 1, hangup: 2 };

/**
 * The call as its events tell it, whatever order they arrived in (a hangup posted before the
 * answer, an answer without its newCall after a PBX restart): the call starts at its newCall (or
 * its earliest event), is answered if any answer came, and is over once a hangup came. Times are
 * kept in their natural order, so that a late-arriving event stamped on receipt never gives a
 * negative ring or talk time.
 */
export function foldCall(events: StoredCtiEvent[]): CallState {
  if (!events.length) throw new Error('a call has at least one event');
  const sorted = [...events].sort((a, b) => ORDER[a.event] - ORDER[b.event]);
  const byName = (name: CtiEventName) => sorted.find((e) => e.event === name) ?? null;
  const first = <K extends keyof StoredCtiEvent>(key: K) =>
    sorted.map((e) => e[key]).find((v) => v !== null && v !== undefined) ?? null;
  const newCall = byName('newCall');
  const answer = byName('answer');
  const hangup = byName('hangup');
  const earliest = new Date(Math.min(...events.map((e) => e.at.getTime())));
  const startedAt = newCall?.at ?? earliest;
  const endedAt = hangup ? later(hangup.at, startedAt) : null;
  let answeredAt = answer ? later(answer.at, startedAt) : null;
  if (answeredAt && endedAt && answeredAt > endedAt) answeredAt = endedAt;
  return {
    direction: (first('direction') as CallDirection | null) ?? 'in',
    from: first('from') as string | null,
    to: first('to') as string | null,
    status: hangup ? (answer ? 'answered' : 'missed') : answer ? 'talking' : 'ringing',
    startedAt,
    answeredAt,
    endedAt,
    extension: newCall?.user ?? null,
    answeredBy: answer?.user ?? hangup?.user ?? null,
    cause: hangup?.cause ?? null,
  };
}

function later(a: Date, b: Date): Date {
  return a < b ? b : a;
}
