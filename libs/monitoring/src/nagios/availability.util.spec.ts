import { availability, deviationText, meanUptime } from './availability.util';
import { type NagiosEvent, type NagiosObject, parseNagiosLogLine } from './nagios-log.util';

const DAY = 24 * 3600;
const FROM = new Date('2017-05-10T00:00:00Z');
const TO = new Date('2017-05-11T00:00:00Z');
const HOST: NagiosObject = { host: 'cscms', service: null };
const SERVICE: NagiosObject = { host: 'csdb1', service: 'PostgreSQL' };

/** `hh:mm` on 2017-05-10 UTC, or a full ISO instant. */
function at(time: string): number {
  return Date.parse(time.length === 5 ? `2017-05-10T${time}:00Z` : time) / 1000;
}

function log(...lines: [string, string][]): NagiosEvent[] {
  return lines.map(([time, rest]) => {
    const e = parseNagiosLogLine(`[${at(time)}] ${rest}`);
    if (!e) throw new Error(`unparsable test line: ${rest}`);
    return e;
  });
}

const hostDown = (time: string): [string, string] => [time, 'HOST ALERT: cscms;DOWN;HARD;5;PING CRITICAL'];
const hostUp = (time: string): [string, string] => [time, 'HOST ALERT: cscms;UP;HARD;1;PING OK'];
const svc = (time: string, state: string, type = 'HARD'): [string, string] => [
  time,
  `SERVICE ALERT: csdb1;PostgreSQL;${state};${type};3;x`,
];

interface Case {
  name: string;
  object: NagiosObject;
  events: NagiosEvent[];
  exclude?: boolean;
  counted: number;
  down: number;
  uptime: number | null;
}

describe('availability', () => {
  it.each<Case>([
    {
      name: 'host DOWN 10:00-11:00 inside a day',
      object: HOST,
      events: log(hostDown('10:00'), hostUp('11:00')),
      counted: DAY,
      down: 3600,
      uptime: (23 / 24) * 100, // 95.8333...
    },
    {
      name: 'outage from before `from` to after `to`',
      object: HOST,
      events: log(hostDown('2017-05-09T20:00:00Z'), hostUp('2017-05-11T03:00:00Z')),
      counted: DAY,
      down: DAY,
      uptime: 0,
    },
    {
      name: 'DOWN exactly at `from`, UP exactly at `to`',
      object: HOST,
      events: log(hostDown('00:00'), hostUp('2017-05-11T00:00:00Z')),
      counted: DAY,
      down: DAY,
      uptime: 0,
    },
    {
      name: 'UP exactly at `from` after a DOWN, DOWN exactly at `to`',
      object: HOST,
      events: log(hostDown('2017-05-09T22:00:00Z'), hostUp('00:00'), hostDown('2017-05-11T00:00:00Z')),
      counted: DAY,
      down: 0,
      uptime: 100,
    },
    {
      name: 'UNREACHABLE counts as down',
      object: HOST,
      events: log(['06:00', 'HOST ALERT: cscms;UNREACHABLE;HARD;3;x'], hostUp('12:00')),
      counted: DAY,
      down: 6 * 3600,
      uptime: 75,
    },
    {
      name: 'SOFT CRITICAL ignored',
      object: SERVICE,
      events: log(svc('10:00', 'CRITICAL', 'SOFT'), svc('10:05', 'OK', 'SOFT')),
      counted: DAY,
      down: 0,
      uptime: 100,
    },
    {
      name: 'SOFT attempts then HARD CRITICAL: down from the HARD event',
      object: SERVICE,
      events: log(svc('09:50', 'CRITICAL', 'SOFT'), svc('10:00', 'CRITICAL'), svc('12:00', 'OK')),
      counted: DAY,
      down: 2 * 3600,
      uptime: (22 / 24) * 100,
    },
    {
      name: 'WARNING and UNKNOWN count as up',
      object: SERVICE,
      events: log(
        svc('01:00', 'WARNING'),
        svc('02:00', 'UNKNOWN'),
        svc('03:00', 'CRITICAL'),
        svc('04:00', 'OK'),
      ),
      counted: DAY,
      down: 3600,
      uptime: (23 / 24) * 100,
    },
    {
      name: 'CURRENT STATE carries a CRITICAL across a log rotation',
      object: SERVICE,
      events: log(
        svc('2017-05-09T23:00:00Z', 'CRITICAL'),
        ['00:00', 'CURRENT SERVICE STATE: csdb1;PostgreSQL;CRITICAL;HARD;3;x'],
        svc('06:00', 'OK'),
      ),
      counted: DAY,
      down: 6 * 3600,
      uptime: 75,
    },
    {
      name: 'no state before the first event: up until the first HARD event',
      object: SERVICE,
      events: log(svc('12:00', 'CRITICAL')),
      counted: DAY,
      down: 12 * 3600,
      uptime: 50,
    },
    {
      name: 'service never seen: 100% counted as up',
      object: { host: 'csbo', service: 'HTTP' },
      events: log(hostDown('10:00'), svc('10:00', 'CRITICAL')),
      counted: DAY,
      down: 0,
      uptime: 100,
    },
    {
      name: 'events of other objects ignored; names matched case-insensitively',
      object: { host: 'CSDB1', service: 'postgresql' },
      events: log(
        svc('10:00', 'CRITICAL'),
        svc('11:00', 'OK'),
        ['10:00', 'SERVICE ALERT: csdb2;PostgreSQL;CRITICAL;HARD;3;x'],
        ['10:00', 'HOST ALERT: csdb1;DOWN;HARD;3;x'],
      ),
      counted: DAY,
      down: 3600,
      uptime: (23 / 24) * 100,
    },
    {
      name: 'overlapping scheduled downtime excluded from period and down time',
      object: SERVICE,
      events: log(
        svc('10:00', 'CRITICAL'),
        svc('11:00', 'OK'),
        ['10:30', 'SERVICE DOWNTIME ALERT: csdb1;PostgreSQL;STARTED; x'],
        ['12:30', 'SERVICE DOWNTIME ALERT: csdb1;PostgreSQL;STOPPED; x'],
      ),
      exclude: true,
      counted: DAY - 2 * 3600,
      down: 1800,
      uptime: ((22 * 3600 - 1800) / (22 * 3600)) * 100,
    },
    {
      name: 'same downtime not excluded when excludeScheduledDowntime is false',
      object: SERVICE,
      events: log(
        svc('10:00', 'CRITICAL'),
        svc('11:00', 'OK'),
        ['10:30', 'SERVICE DOWNTIME ALERT: csdb1;PostgreSQL;STARTED; x'],
        ['12:30', 'SERVICE DOWNTIME ALERT: csdb1;PostgreSQL;STOPPED; x'],
      ),
      exclude: false,
      counted: DAY,
      down: 3600,
      uptime: (23 / 24) * 100,
    },
    {
      name: "host downtime excludes its service's down time",
      object: SERVICE,
      events: log(
        ['09:00', 'HOST DOWNTIME ALERT: csdb1;STARTED; x'],
        svc('09:05', 'CRITICAL'),
        svc('09:55', 'OK'),
        ['10:00', 'HOST DOWNTIME ALERT: csdb1;STOPPED; x'],
      ),
      exclude: true,
      counted: DAY - 3600,
      down: 0,
      uptime: 100,
    },
    {
      name: "another host's or another service's downtime does not count",
      object: SERVICE,
      events: log(
        ['09:00', 'HOST DOWNTIME ALERT: csdb2;STARTED; x'],
        ['09:00', 'SERVICE DOWNTIME ALERT: csdb1;Disk;STARTED; x'],
        svc('09:00', 'CRITICAL'),
        svc('10:00', 'OK'),
      ),
      exclude: true,
      counted: DAY,
      down: 3600,
      uptime: (23 / 24) * 100,
    },
    {
      name: 'CANCELLED ends a downtime; host and service windows merged',
      object: SERVICE,
      events: log(
        ['08:00', 'HOST DOWNTIME ALERT: csdb1;STARTED; x'],
        ['09:00', 'SERVICE DOWNTIME ALERT: csdb1;PostgreSQL;STARTED; x'],
        ['10:00', 'HOST DOWNTIME ALERT: csdb1;CANCELLED; x'],
        ['11:00', 'SERVICE DOWNTIME ALERT: csdb1;PostgreSQL;STOPPED; x'],
      ),
      exclude: true,
      counted: DAY - 3 * 3600,
      down: 0,
      uptime: 100,
    },
    {
      name: 'downtime started before `from` and never stopped runs to `to`',
      object: HOST,
      events: log(['2017-05-09T22:00:00Z', 'HOST DOWNTIME ALERT: cscms;STARTED; x'], hostDown('12:00')),
      exclude: true,
      counted: 0,
      down: 0,
      uptime: null,
    },
    {
      name: 'STOPPED without STARTED ignored',
      object: HOST,
      events: log(hostDown('00:00'), ['06:00', 'HOST DOWNTIME ALERT: cscms;STOPPED; x'], hostUp('12:00')),
      exclude: true,
      counted: DAY,
      down: 12 * 3600,
      uptime: 50,
    },
  ])('$name', ({ object, events, exclude = true, counted, down, uptime }) => {
    const result = availability(events, object, FROM, TO, { excludeScheduledDowntime: exclude });
    expect(result.object).toEqual(object);
    expect(result.periodSeconds).toBe(DAY);
    expect(result.countedSeconds).toBe(counted);
    expect(result.downSeconds).toBe(down);
    if (uptime === null) expect(result.uptimePct).toBeNull();
    else expect(result.uptimePct).toBeCloseTo(uptime, 10);
  });

  it('reports the HARD state timeline, merging repeated states, and the downtime windows', () => {
    const result = availability(
      log(
        svc('2017-05-09T23:00:00Z', 'CRITICAL'),
        svc('02:00', 'OK'),
        ['02:00', 'CURRENT SERVICE STATE: csdb1;PostgreSQL;OK;HARD;1;x'],
        svc('05:00', 'CRITICAL', 'SOFT'),
        svc('06:00', 'WARNING'),
        ['07:00', 'SERVICE DOWNTIME ALERT: csdb1;PostgreSQL;STARTED; x'],
        ['08:00', 'SERVICE DOWNTIME ALERT: csdb1;PostgreSQL;STOPPED; x'],
      ),
      SERVICE,
      FROM,
      TO,
      { excludeScheduledDowntime: false },
    );
    const d = (hhmm: string): Date => new Date(at(hhmm) * 1000);
    expect(result.intervals).toEqual([
      { from: FROM, to: d('02:00'), state: 'CRITICAL' },
      { from: d('02:00'), to: d('06:00'), state: 'OK' },
      { from: d('06:00'), to: TO, state: 'WARNING' },
    ]);
    expect(result.scheduledDowntime).toEqual([{ from: d('07:00'), to: d('08:00') }]);
  });

  it('ends a HARD problem at a recovery Nagios logs SOFT (a service that went HARD while its host was down)', () => {
    const events = log(
      svc('10:00', 'CRITICAL', 'HARD'),
      svc('10:10', 'OK', 'SOFT'),
      svc('11:00', 'CRITICAL', 'SOFT'),
    );
    const a = availability(events, SERVICE, FROM, TO, { excludeScheduledDowntime: true });
    // 10 minutes down; the SOFT CRITICAL at 11:00 is a retry, not an outage.
    expect(a.downSeconds).toBe(600);
  });

  it('honours custom downStates', () => {
    const events = log(svc('10:00', 'UNKNOWN'), svc('11:00', 'OK'));
    const result = availability(events, SERVICE, FROM, TO, {
      excludeScheduledDowntime: true,
      downStates: ['CRITICAL', 'UNKNOWN'],
    });
    expect(result.downSeconds).toBe(3600);
  });

  it('handles an empty period and rejects reversed or invalid ranges', () => {
    const empty = availability([], HOST, FROM, FROM, { excludeScheduledDowntime: true });
    expect(empty).toMatchObject({
      periodSeconds: 0,
      countedSeconds: 0,
      downSeconds: 0,
      uptimePct: null,
      intervals: [],
    });
    expect(() => availability([], HOST, TO, FROM, { excludeScheduledDowntime: true })).toThrow(RangeError);
    expect(() => availability([], HOST, new Date('x'), TO, { excludeScheduledDowntime: true })).toThrow(
      RangeError,
    );
  });

  it('does not depend on the order of the events', () => {
    const events = log(hostUp('11:00'), hostDown('10:00'));
    expect(availability(events, HOST, FROM, TO, { excludeScheduledDowntime: true }).downSeconds).toBe(3600);
  });
});

describe('meanUptime', () => {
  it.each<[(number | null)[], number | null]>([
    [[100, 99.996, 98.5, 100, 99.5], (100 + 99.996 + 98.5 + 100 + 99.5) / 5],
    [[100, null, 98], 99],
    [[null, null], null],
    [[], null],
    [[0, 100], 50],
  ])('%p -> %p', (values, expected) => {
    if (expected === null) expect(meanUptime(values)).toBeNull();
    else expect(meanUptime(values)).toBeCloseTo(expected, 12);
  });
});

describe('deviationText', () => {
  it.each<[number, number, string]>([
    [100.0, 99.0, '+1.00%'], // SLA.1 in CONTEXT.md
    [99.996, 98.5, '+1.496%'], // SLA.2 in CONTEXT.md
    [98.0, 98.0, '+0.00%'],
    [97.5, 98.5, '-1.00%'],
    [98.25, 99.0, '-0.75%'],
    [99.1234, 98.5, '+0.6234%'],
    [0, 98, '-98.00%'],
  ])('%p vs %p -> %s', (measured, target, expected) => {
    expect(deviationText(measured, target)).toBe(expected);
  });

  it('rejects non-finite numbers', () => {
    expect(() => deviationText(Number.NaN, 99)).toThrow(RangeError);
  });
});
