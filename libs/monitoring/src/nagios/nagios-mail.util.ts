import { DateTime } from 'luxon';

import type { MonitoringEventInput } from '../monitoring-event.types';

/** Zone abbreviations Nagios writes in $LONGDATETIME$ ("Tue Mar 14 10:00:00 CET 2017"). */
const ZONES: Record<string, string> = {
  CET: 'UTC+1',
  CEST: 'UTC+2',
  UTC: 'UTC',
  GMT: 'UTC',
  Z: 'UTC',
};
const STATES = new Set(['UP', 'DOWN', 'UNREACHABLE', 'OK', 'WARNING', 'CRITICAL', 'UNKNOWN']);

/**
 * The body of Nagios's standard notify-service-by-email / notify-host-by-email mails as the same
 * event the webhook would record ("Notification Type: PROBLEM", "Service:", "Host:", "State:",
 * "Date/Time:", "Additional Info:" or "Info:"), or null with the reason when it is not one.
 * `fallbackAt` (the mail's Date) is used when Date/Time is missing or unreadable.
 */
export function parseNagiosMail(
  text: string,
  fallbackAt: Date,
  zone: string,
): { event: MonitoringEventInput } | { event: null; reason: string } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const field = (name: string) => {
    const re = new RegExp(`^\\s*${name.replace('/', '\\/')}\\s*:\\s*(.*)$`, 'i');
    for (const [i, line] of lines.entries()) {
      const m = re.exec(line);
      if (m) return { value: m[1].trim(), line: i };
    }
    return null;
  };
  const type = field('Notification Type')?.value.toUpperCase();
  const host = field('Host')?.value;
  const state = field('State')?.value.toUpperCase();
  if (!type || !host) return { event: null, reason: 'non è una notifica Nagios / not a Nagios notification' };
  const service = field('Service')?.value || null;
  const downtime = type.startsWith('DOWNTIME');
  if (!downtime && (!state || !STATES.has(state))) {
    return { event: null, reason: `stato Nagios non riconosciuto / unknown Nagios state: ${state ?? '-'}` };
  }
  const info = field('Additional Info') ?? field('Info');
  // The output may follow on the same line or, in the service template, on the next lines.
  const output = info
    ? [info.value, ...lines.slice(info.line + 1).filter((l) => !/^\s*\w[\w/ ]*:\s/.test(l))]
        .map((l) => l.trim())
        .filter(Boolean)
        .join('\n')
    : '';
  const when = field('Date/Time')?.value;
  return {
    event: {
      kind: downtime ? 'downtime' : 'state',
      at: (when && nagiosDate(when, zone)) || fallbackAt,
      host,
      service,
      state: downtime ? null : state!,
      // Nagios notifies HARD states only.
      stateType: downtime ? null : 'HARD',
      attempt: null,
      phase: downtime ? ({ DOWNTIMESTART: 'STARTED', DOWNTIMEEND: 'STOPPED' }[type] ?? 'CANCELLED') : null,
      output,
      perfData: null,
      notificationType: type,
      origin: 'mail',
      source: 'alert',
    },
  };
}

/** "Tue Mar 14 10:00:00 CET 2017" (or without the zone: local time of `zone`). */
export function nagiosDate(value: string, zone: string): Date | null {
  const m = /^\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{2}:\d{2}:\d{2})\s+(?:([A-Z]{1,5})\s+)?(\d{4})$/.exec(
    value.trim(),
  );
  if (!m) return null;
  const [, month, day, time, abbreviation, year] = m;
  const z = abbreviation ? ZONES[abbreviation] : zone;
  if (!z) return null;
  const parsed = DateTime.fromFormat(`${month} ${day} ${time} ${year}`, 'LLL d HH:mm:ss yyyy', {
    zone: z,
    locale: 'en',
  });
  return parsed.isValid ? parsed.toJSDate() : null;
}
