import { countAlertsByMonth, isAlertOrWarning } from './alert-count.util';
import { parseNagiosLogLine, type NagiosEvent } from './nagios-log.util';

function line(iso: string, rest: string): string {
  return `[${Date.parse(iso) / 1000}] ${rest}`;
}

function event(text: string): NagiosEvent {
  const e = parseNagiosLogLine(text);
  if (!e) throw new Error(`unparsable test line: ${text}`);
  return e;
}

const T = '2017-05-10T08:00:00Z';

describe('isAlertOrWarning', () => {
  it.each<[string, string, boolean]>([
    ['HOST ALERT DOWN HARD', 'HOST ALERT: cscms;DOWN;HARD;5;PING CRITICAL', true],
    ['HOST ALERT DOWN SOFT', 'HOST ALERT: cscms;DOWN;SOFT;1;PING CRITICAL', true],
    ['HOST ALERT UNREACHABLE', 'HOST ALERT: cscms;UNREACHABLE;HARD;5;x', true],
    ['HOST ALERT UP (recovery)', 'HOST ALERT: cscms;UP;HARD;1;PING OK', false],
    ['SERVICE ALERT WARNING SOFT', 'SERVICE ALERT: csdb1;Disk;WARNING;SOFT;1;x', true],
    ['SERVICE ALERT CRITICAL HARD', 'SERVICE ALERT: csdb1;PostgreSQL;CRITICAL;HARD;3;x', true],
    ['SERVICE ALERT CRITICAL SOFT', 'SERVICE ALERT: csdb1;PostgreSQL;CRITICAL;SOFT;2;x', true],
    ['SERVICE ALERT UNKNOWN', 'SERVICE ALERT: csdb1;NRPE;UNKNOWN;HARD;3;x', true],
    ['SERVICE ALERT OK (recovery)', 'SERVICE ALERT: csdb1;PostgreSQL;OK;HARD;1;x', false],
    ['SERVICE ALERT OK SOFT (soft recovery)', 'SERVICE ALERT: csdb1;PostgreSQL;OK;SOFT;1;x', false],
    ['CURRENT SERVICE STATE CRITICAL', 'CURRENT SERVICE STATE: csdb1;PostgreSQL;CRITICAL;HARD;3;x', false],
    ['CURRENT HOST STATE DOWN', 'CURRENT HOST STATE: cscms;DOWN;HARD;5;x', false],
    ['INITIAL SERVICE STATE WARNING', 'INITIAL SERVICE STATE: csdb1;Disk;WARNING;HARD;3;x', false],
    ['INITIAL HOST STATE UNREACHABLE', 'INITIAL HOST STATE: cscms;UNREACHABLE;HARD;3;x', false],
    ['downtime', 'HOST DOWNTIME ALERT: cscms;STARTED; x', false],
  ])('%s -> %s', (_name, rest, expected) => {
    expect(isAlertOrWarning(event(line(T, rest)))).toBe(expected);
  });
});

describe('countAlertsByMonth', () => {
  const alert = 'SERVICE ALERT: csdb1;PostgreSQL;CRITICAL;SOFT;1;x';

  it.each<[string, string, string]>([
    ['Rome midnight, 1 April 2017 (CEST)', '2017-03-31T22:30:00Z', '2017-04'],
    ['last minute of March in Rome', '2017-03-31T21:59:59Z', '2017-03'],
    ['Rome midnight, 1 January (CET)', '2016-12-31T23:00:00Z', '2017-01'],
    ['still 31 December in Rome', '2016-12-31T22:59:59Z', '2016-12'],
    ['October DST change, before 03:00 CEST', '2017-10-29T00:59:59Z', '2017-10'],
    ['October DST change, repeated 02:30 CET', '2017-10-29T01:30:00Z', '2017-10'],
    ['Rome midnight, 1 November after the DST change (CET)', '2017-10-31T23:00:00Z', '2017-11'],
    ['31 October 23:59 CET', '2017-10-31T22:59:00Z', '2017-10'],
    ['March DST change night', '2017-03-26T01:30:00Z', '2017-03'],
  ])('%s: %s is %s', (_name, iso, month) => {
    expect([...countAlertsByMonth([event(line(iso, alert))])]).toEqual([[month, 1]]);
  });

  it('counts SOFT and HARD alerts but not recoveries, CURRENT/INITIAL states or other events', () => {
    const events = [
      line('2017-05-01T10:00:00Z', 'SERVICE ALERT: csdb1;PostgreSQL;CRITICAL;SOFT;1;x'),
      line('2017-05-01T10:01:00Z', 'SERVICE ALERT: csdb1;PostgreSQL;CRITICAL;SOFT;2;x'),
      line('2017-05-01T10:02:00Z', 'SERVICE ALERT: csdb1;PostgreSQL;CRITICAL;HARD;3;x'),
      line('2017-05-01T10:30:00Z', 'SERVICE ALERT: csdb1;PostgreSQL;OK;HARD;1;x'),
      line('2017-05-02T00:00:00Z', 'CURRENT SERVICE STATE: csdb1;Disk;WARNING;HARD;3;x'),
      line('2017-05-02T00:00:00Z', 'HOST DOWNTIME ALERT: cscms;STARTED; x'),
      line('2017-06-30T21:59:59Z', 'HOST ALERT: cscms;DOWN;SOFT;1;x'),
      line('2017-06-30T22:00:00Z', 'HOST ALERT: cscms;UNREACHABLE;HARD;2;x'),
      line('2017-06-30T22:05:00Z', 'HOST ALERT: cscms;UP;HARD;1;x'),
    ].map(event);
    expect(countAlertsByMonth(events)).toEqual(
      new Map([
        ['2017-05', 3],
        ['2017-06', 1],
        ['2017-07', 1],
      ]),
    );
  });

  it('returns months in ascending order whatever the input order', () => {
    const events = ['2017-12-05T10:00:00Z', '2017-02-05T10:00:00Z', '2016-12-05T10:00:00Z'].map((iso) =>
      event(line(iso, 'HOST ALERT: cscms;DOWN;HARD;5;x')),
    );
    expect([...countAlertsByMonth(events).keys()]).toEqual(['2016-12', '2017-02', '2017-12']);
  });

  it('returns an empty map for no alerts', () => {
    expect(countAlertsByMonth([])).toEqual(new Map());
  });
});
