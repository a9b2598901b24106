import type { MonitoringEventInput } from './monitoring-event.types';

/** One Nagios notification, whichever route (webhook, mail) brought it. */
export interface NagiosNotification {
  /** $NOTIFICATIONTYPE$ */
  type: string;
  at: Date;
  host: string;
  service: string | null;
  /** $SERVICESTATE$ / $HOSTSTATE$: every notification type carries the object's current state. */
  state: string | null;
  stateType: 'SOFT' | 'HARD' | null;
  attempt: number | null;
  output: string;
  perfData: string | null;
  /** $NOTIFICATIONAUTHOR$ and $NOTIFICATIONCOMMENT$ (acknowledgements, custom notifications). */
  author: string | null;
  comment: string | null;
  origin: MonitoringEventInput['origin'];
}

const PHASES: Record<string, string> = {
  DOWNTIMESTART: 'STARTED',
  DOWNTIMEEND: 'STOPPED',
  DOWNTIMECANCELLED: 'CANCELLED',
  FLAPPINGSTART: 'STARTED',
  FLAPPINGSTOP: 'STOPPED',
  FLAPPINGDISABLED: 'DISABLED',
};

/**
 * The events a notification stands for. PROBLEM and RECOVERY are state alerts. Every other type
 * is a note (downtime, flapping, acknowledgement, custom) followed by the state it carries, kept
 * as `notification` state history: a recovery Nagios suppressed during a downtime arrives with the
 * DOWNTIMEEND, and such a state never opens a ticket nor counts as an alert.
 */
export function notificationEvents(n: NagiosNotification): MonitoringEventInput[] {
  const type = n.type.toUpperCase();
  const common = {
    at: n.at,
    host: n.host,
    service: n.service,
    attempt: n.attempt,
    perfData: n.perfData,
    notificationType: type,
    origin: n.origin,
  };
  const state: MonitoringEventInput | null = n.state
    ? {
        ...common,
        kind: 'state',
        state: n.state,
        stateType: n.stateType ?? 'HARD',
        phase: null,
        output: n.output,
        source: type === 'PROBLEM' || type === 'RECOVERY' ? 'alert' : 'notification',
      }
    : null;
  if (type === 'PROBLEM' || type === 'RECOVERY') return state ? [state] : [];
  const kind: MonitoringEventInput['kind'] = type.startsWith('DOWNTIME')
    ? 'downtime'
    : type.startsWith('FLAPPING')
      ? 'flapping'
      : type === 'ACKNOWLEDGEMENT'
        ? 'acknowledgement'
        : 'custom';
  const isNote = kind === 'acknowledgement' || kind === 'custom';
  const note: MonitoringEventInput = {
    ...common,
    kind,
    state: null,
    stateType: null,
    attempt: null,
    perfData: null,
    phase: PHASES[type] ?? null,
    // A note says what its author wrote; downtime and flapping keep the plugin output.
    output: isNote ? (n.comment ?? '') : n.output,
    author: isNote ? n.author : null,
    source: 'alert',
  };
  return state ? [note, state] : [note];
}
