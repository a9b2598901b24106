import type { MonitoringEventInput } from './monitoring-event.types';
import { NagiosEvent, parseNagiosLogLine } from './nagios';

/** A parsed Nagios log event as the help desk stores it (the same shape the webhook gives). */
export function toMonitoringEvent(
  e: NagiosEvent,
  origin: MonitoringEventInput['origin'],
): MonitoringEventInput {
  if (e.kind === 'downtime') {
    return {
      kind: 'downtime',
      at: e.at,
      host: e.host,
      service: e.service,
      state: null,
      stateType: null,
      attempt: null,
      phase: e.phase,
      output: e.comment,
      perfData: null,
      notificationType: null,
      origin,
      source: 'alert',
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

/** The events of a Nagios archive file; lines that are not state or downtime records are counted and skipped. */
export function parseNagiosLog(text: string): { events: MonitoringEventInput[]; skipped: number } {
  const events: MonitoringEventInput[] = [];
  let skipped = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const event = parseNagiosLogLine(line);
    if (event) events.push(toMonitoringEvent(event, 'log'));
    else skipped += 1;
  }
  return { events, skipped };
}
