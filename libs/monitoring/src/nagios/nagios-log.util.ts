/**
 * Parsing of Nagios archived log lines (nagios.log / archives/nagios-MM-DD-YYYY-HH.log).
 * Pure: no I/O, never throws; a line that is not a state, downtime, flapping or acknowledgement/custom
 * record yields null (the import counts those by kind: nagiosLogLineKind).
 */

/** A monitored object: a host, or one of its services (service null = the host itself). */
export type NagiosObject = { host: string; service: string | null };

export type NagiosHostState = 'UP' | 'DOWN' | 'UNREACHABLE';
export type NagiosServiceState = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';
export type NagiosState = NagiosHostState | NagiosServiceState;

export interface NagiosStateEvent {
  kind: 'state';
  at: Date;
  host: string;
  service: string | null;
  state: NagiosState;
  stateType: 'SOFT' | 'HARD';
  /** Check attempt; null when the field is empty. */
  attempt: number | null;
  output: string;
  /** Performance data found after the first `|` of the output, trimmed; null when absent or empty. */
  perfData: string | null;
  /** alert = HOST/SERVICE ALERT, current = CURRENT ... STATE (log rotation), initial = INITIAL ... STATE (start-up). */
  source: 'alert' | 'current' | 'initial';
}

export interface NagiosDowntimeEvent {
  kind: 'downtime';
  at: Date;
  host: string;
  service: string | null;
  phase: 'STARTED' | 'STOPPED' | 'CANCELLED';
  comment: string;
}

/** `HOST FLAPPING ALERT` / `SERVICE FLAPPING ALERT`: a note on the problem, never a state. */
export interface NagiosFlappingEvent {
  kind: 'flapping';
  at: Date;
  host: string;
  service: string | null;
  phase: 'STARTED' | 'STOPPED' | 'DISABLED';
  comment: string;
}

/**
 * An acknowledgement or a custom notification: from a `... NOTIFICATION` line of type
 * ACKNOWLEDGEMENT/CUSTOM or an `EXTERNAL COMMAND: ACKNOWLEDGE_..._PROBLEM` line. Never a state change.
 */
export interface NagiosNoteEvent {
  kind: 'acknowledgement' | 'custom';
  at: Date;
  host: string;
  service: string | null;
  author: string;
  comment: string;
}

export type NagiosEvent = NagiosStateEvent | NagiosDowntimeEvent | NagiosFlappingEvent | NagiosNoteEvent;

const HOST_STATES: readonly string[] = ['UP', 'DOWN', 'UNREACHABLE'];
const SERVICE_STATES: readonly string[] = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];
const STATE_TYPES: readonly string[] = ['SOFT', 'HARD'];
const DOWNTIME_PHASES: readonly string[] = ['STARTED', 'STOPPED', 'CANCELLED'];
const FLAPPING_PHASES: readonly string[] = ['STARTED', 'STOPPED', 'DISABLED'];

/**
 * State names Nagios writes that are not the object's own, mapped as Nagios itself treats them:
 * `(unknown)` is what it logs for a host check result out of range (any non-zero host result is
 * DOWN for Nagios; a service's is UNKNOWN), and some 4.x versions write CURRENT HOST STATE with the
 * service name OK for an UP host.
 */
const HOST_STATE_ALIASES: Record<string, NagiosHostState> = { '(unknown)': 'DOWN', OK: 'UP' };
const SERVICE_STATE_ALIASES: Record<string, NagiosServiceState> = { '(unknown)': 'UNKNOWN' };

/** `[epoch] TYPE: body` — the epoch is checked separately so that `[abc]` is rejected, not mis-parsed. */
const LINE = /^\[([^\]]*)\] ([A-Z ]+): (.*)$/;
/** `HOST ALERT`, `SERVICE ALERT`, `CURRENT HOST STATE`, `INITIAL SERVICE STATE`, ... */
const ALERT_TYPE = /^(HOST|SERVICE) ALERT$/;
const SNAPSHOT_TYPE = /^(CURRENT|INITIAL) (HOST|SERVICE) STATE$/;
const DOWNTIME_TYPE = /^(HOST|SERVICE) DOWNTIME ALERT$/;
const FLAPPING_TYPE = /^(HOST|SERVICE) FLAPPING ALERT$/;
const NOTIFICATION_TYPE = /^(HOST|SERVICE) NOTIFICATION$/;
/** `ACKNOWLEDGE_SVC_PROBLEM;host;svc;sticky;notify;persistent;author;comment` (HOST: no svc). */
const ACK_COMMAND = /^ACKNOWLEDGE_(HOST|SVC)_PROBLEM;/;

/** The kind of a log line as the import reports it: `SERVICE ALERT`, `EXTERNAL COMMAND`, `Warning`... */
export function nagiosLogLineKind(line: string): string {
  const m = /^\[\d+\] ([^:;[\]]{1,60}):/.exec(line.trim());
  if (!m) return /^\[\d+\] /.test(line.trim()) ? 'other message' : 'malformed';
  if (m[1] === 'EXTERNAL COMMAND') {
    const command = /^\[\d+\] EXTERNAL COMMAND: ([A-Z_]+)/.exec(line.trim());
    return command ? `EXTERNAL COMMAND ${command[1]}` : m[1];
  }
  return m[1];
}

/** Parses one line of a Nagios log; returns null for every other kind of line and for malformed ones. */
export function parseNagiosLogLine(line: string): NagiosEvent | null {
  if (typeof line !== 'string') return null;
  const match = LINE.exec(line.trim());
  if (!match) return null;
  const [, epochText, type, body] = match;
  const at = parseEpoch(epochText);
  if (!at) return null;

  const alertMatch = ALERT_TYPE.exec(type);
  if (alertMatch) return parseState(at, alertMatch[1] === 'SERVICE', 'alert', body);
  const snapshotMatch = SNAPSHOT_TYPE.exec(type);
  if (snapshotMatch) {
    const source = snapshotMatch[1] === 'CURRENT' ? 'current' : 'initial';
    return parseState(at, snapshotMatch[2] === 'SERVICE', source, body);
  }
  const downtimeMatch = DOWNTIME_TYPE.exec(type);
  if (downtimeMatch) return parseDowntime(at, downtimeMatch[1] === 'SERVICE', body);
  const flappingMatch = FLAPPING_TYPE.exec(type);
  if (flappingMatch) return parseFlapping(at, flappingMatch[1] === 'SERVICE', body);
  const notificationMatch = NOTIFICATION_TYPE.exec(type);
  if (notificationMatch) return parseNoteNotification(at, notificationMatch[1] === 'SERVICE', body);
  if (type === 'EXTERNAL COMMAND') return parseAckCommand(at, body);
  return null;
}

function parseEpoch(text: string): Date | null {
  if (!/^\d{1,12}$/.test(text)) return null;
  const at = new Date(Number(text) * 1000);
  return Number.isNaN(at.getTime()) ? null : at;
}

function parseState(
  at: Date,
  isService: boolean,
  source: NagiosStateEvent['source'],
  body: string,
): NagiosStateEvent | null {
  const fields = body.split(';');
  const objectFields = isService ? 2 : 1;
  // object fields + state + state type + attempt; the output (possibly containing `;`) is the rest.
  if (fields.length < objectFields + 3) return null;
  const host = fields[0];
  const service = isService ? fields[1] : null;
  if (!host || service === '') return null;
  const [written, stateType, attemptText] = fields.slice(objectFields, objectFields + 3);
  const state = isService
    ? (SERVICE_STATE_ALIASES[written] ?? written)
    : (HOST_STATE_ALIASES[written] ?? written);
  if (!(isService ? SERVICE_STATES : HOST_STATES).includes(state)) return null;
  if (!STATE_TYPES.includes(stateType)) return null;
  let attempt: number | null = null;
  if (attemptText !== '') {
    if (!/^\d+$/.test(attemptText)) return null;
    attempt = Number(attemptText);
  }
  const rawOutput = fields.slice(objectFields + 3).join(';');
  const pipe = rawOutput.indexOf('|');
  const output = (pipe < 0 ? rawOutput : rawOutput.slice(0, pipe)).trim();
  const perfData = pipe < 0 ? null : rawOutput.slice(pipe + 1).trim() || null;
  return {
    kind: 'state',
    at,
    host,
    service,
    state: state as NagiosState,
    stateType: stateType as NagiosStateEvent['stateType'],
    attempt,
    output,
    perfData,
    source,
  };
}

function parseDowntime(at: Date, isService: boolean, body: string): NagiosDowntimeEvent | null {
  const fields = body.split(';');
  const objectFields = isService ? 2 : 1;
  if (fields.length < objectFields + 1) return null;
  const host = fields[0];
  const service = isService ? fields[1] : null;
  if (!host || service === '') return null;
  const phase = fields[objectFields];
  if (!DOWNTIME_PHASES.includes(phase)) return null;
  return {
    kind: 'downtime',
    at,
    host,
    service,
    phase: phase as NagiosDowntimeEvent['phase'],
    comment: fields
      .slice(objectFields + 1)
      .join(';')
      .trim(),
  };
}

function objectOf(fields: string[], isService: boolean): NagiosObject | null {
  const host = fields[0];
  const service = isService ? fields[1] : null;
  if (!host || service === '' || service === undefined) return null;
  return { host, service };
}

function parseFlapping(at: Date, isService: boolean, body: string): NagiosFlappingEvent | null {
  const fields = body.split(';');
  const objectFields = isService ? 2 : 1;
  const object = fields.length > objectFields ? objectOf(fields, isService) : null;
  const phase = fields[objectFields];
  if (!object || !FLAPPING_PHASES.includes(phase)) return null;
  return {
    kind: 'flapping',
    at,
    ...object,
    phase: phase as NagiosFlappingEvent['phase'],
    comment: fields
      .slice(objectFields + 1)
      .join(';')
      .trim(),
  };
}

/**
 * `SERVICE NOTIFICATION: contact;host;svc;ACKNOWLEDGEMENT (CRITICAL);command;output;author;comment`:
 * acknowledgements and custom notifications are notes; the other notification lines repeat what the
 * ALERT and DOWNTIME lines already say, so they yield null (and are counted by kind).
 */
function parseNoteNotification(at: Date, isService: boolean, body: string): NagiosNoteEvent | null {
  const fields = body.split(';');
  const objectFields = isService ? 2 : 1;
  const object = objectOf(fields.slice(1), isService);
  const type = /^(ACKNOWLEDGEMENT|CUSTOM) \(/.exec(fields[1 + objectFields] ?? '');
  if (!object || !type) return null;
  // contact, object, type, command, output, author, comment (the comment may hold `;`).
  const rest = fields.slice(1 + objectFields + 2);
  if (rest.length < 3) return null;
  return {
    kind: type[1] === 'ACKNOWLEDGEMENT' ? 'acknowledgement' : 'custom',
    at,
    ...object,
    author: rest[1].trim(),
    comment: rest.slice(2).join(';').trim(),
  };
}

function parseAckCommand(at: Date, body: string): NagiosNoteEvent | null {
  const m = ACK_COMMAND.exec(body);
  if (!m) return null;
  const isService = m[1] === 'SVC';
  const fields = body.split(';').slice(1);
  const objectFields = isService ? 2 : 1;
  const object = objectOf(fields, isService);
  // object, sticky, notify, persistent, author, comment
  if (!object || fields.length < objectFields + 5) return null;
  return {
    kind: 'acknowledgement',
    at,
    ...object,
    author: fields[objectFields + 3].trim(),
    comment: fields
      .slice(objectFields + 4)
      .join(';')
      .trim(),
  };
}
