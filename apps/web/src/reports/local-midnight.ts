import { localTimeZone } from '../time/zone';

/** Local midnight of a calendar day, as an instant: the reports count by local months. */
export function localMidnight(year: number, month: number, day: number): string {
  const hour = new Intl.DateTimeFormat('en-GB', {
    timeZone: localTimeZone(),
    hour: '2-digit',
    hourCycle: 'h23',
  });
  for (const offsetHours of [1, 2]) {
    const instant = Date.UTC(year, month - 1, day) - offsetHours * 3_600_000;
    if (hour.format(instant) === '00') return new Date(instant).toISOString();
  }
  return new Date(Date.UTC(year, month - 1, day)).toISOString();
}

/** The instants a report month (`YYYY-MM`) spans, as the ticket list's received filter takes them. */
export function monthRange(label: string): { receivedFrom: string; receivedTo: string } {
  const [y, m] = label.split('-').map(Number);
  return {
    receivedFrom: localMidnight(y, m, 1),
    receivedTo: localMidnight(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1),
  };
}
