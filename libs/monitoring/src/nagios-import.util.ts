import { decode } from 'iconv-lite';

import type { MonitoringEventInput } from './monitoring-event.types';
import { NagiosEvent, nagiosLogLineKind, parseNagiosLogLine } from './nagios';

/** A parsed Nagios log event as the help desk stores it (the same shape the webhook gives). */
export function toMonitoringEvent(
  e: NagiosEvent,
  origin: MonitoringEventInput['origin'],
): MonitoringEventInput {
  const note = { attempt: null, perfData: null, notificationType: null, origin, source: 'alert' };
  if (e.kind === 'downtime' || e.kind === 'flapping') {
    return {
      ...note,
      kind: e.kind,
      at: e.at,
      host: e.host,
      service: e.service,
      state: null,
      stateType: null,
      phase: e.phase,
      output: e.comment,
    };
  }
  if (e.kind !== 'state') {
    return {
      ...note,
      kind: e.kind,
      at: e.at,
      host: e.host,
      service: e.service,
      state: null,
      stateType: null,
      phase: null,
      output: e.comment,
      author: e.author || null,
      notificationType: e.kind === 'acknowledgement' ? 'ACKNOWLEDGEMENT' : 'CUSTOM',
    };
  }
  return {
    kind: 'state',
    at: e.at,
    host: e.host,
    service: e.service,
    state: e.state,
    stateType: e.stateType,
    attempt: e.attempt,
    phase: null,
    output: e.output,
    perfData: e.perfData,
    notificationType: null,
    origin,
    source: e.source,
  };
}

export interface ParsedNagiosLog {
  events: MonitoringEventInput[];
  /** The same events as parsed (for statusFromLog). */
  parsed: NagiosEvent[];
  /** Lines read into events, by line kind (`SERVICE ALERT`, `HOST FLAPPING ALERT`, ...). */
  used: Record<string, number>;
  /** Lines that are no event, by kind (`EXTERNAL COMMAND SCHEDULE_HOST_DOWNTIME`, `Warning`, `malformed`...). */
  skippedByKind: Record<string, number>;
  skipped: number;
  /** utf-8, or windows-1252 when the file is not valid UTF-8 (older installations write Latin-1). */
  encoding: 'utf-8' | 'windows-1252';
}

/**
 * A log file's bytes as text: UTF-8 when they are valid UTF-8, otherwise Windows-1252 (a superset of
 * ISO-8859-1 for printable text), so an accented host name is kept instead of becoming U+FFFD.
 */
export function decodeNagiosLog(bytes: Uint8Array): { text: string; encoding: ParsedNagiosLog['encoding'] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Node's own TextDecoder reads 'windows-1252' as ISO-8859-1 (0x80 is not €): iconv-lite does not.
    return { text: decode(Buffer.from(bytes), 'windows-1252'), encoding: 'windows-1252' };
  }
}

/** The events of a Nagios log file (bytes or text); every other line is counted by kind. */
export function parseNagiosLog(input: string | Uint8Array): ParsedNagiosLog {
  const { text, encoding } =
    typeof input === 'string' ? { text: input, encoding: 'utf-8' as const } : decodeNagiosLog(input);
  const events: MonitoringEventInput[] = [];
  const parsed: NagiosEvent[] = [];
  const used: Record<string, number> = {};
  const skippedByKind: Record<string, number> = {};
  let skipped = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const event = parseNagiosLogLine(line);
    const kind = nagiosLogLineKind(line);
    if (event) {
      parsed.push(event);
      events.push(toMonitoringEvent(event, 'log'));
      used[kind] = (used[kind] ?? 0) + 1;
    } else {
      skippedByKind[kind] = (skippedByKind[kind] ?? 0) + 1;
      skipped += 1;
    }
  }
  return { events, parsed, used, skippedByKind, skipped, encoding };
}
