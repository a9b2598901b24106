import { eventIdentity } from './monitoring-event.types';
import { parseNagiosLog } from './nagios-import.util';

describe('parseNagiosLog', () => {
  it('keeps state and downtime records and counts the rest', () => {
    const { events, skipped } = parseNagiosLog(
      [
        '[1483228800] SERVICE ALERT: csdb1;PostgreSQL;CRITICAL;HARD;3;connection refused',
        '[1483228860] HOST ALERT: cscms;DOWN;SOFT;1;PING CRITICAL - Packet loss = 100%',
        '[1483228900] SERVICE NOTIFICATION: admin;csdb1;PostgreSQL;CRITICAL;notify-by-email;connection refused',
        '[1483229000] HOST DOWNTIME ALERT: cscms;STARTED; Host has entered a period of scheduled downtime',
        '',
        'garbage',
      ].join('\n'),
    );
    expect(events.map((e) => [e.kind, e.host, e.service, e.state ?? e.phase, e.origin])).toEqual([
      ['state', 'csdb1', 'PostgreSQL', 'CRITICAL', 'log'],
      ['state', 'cscms', null, 'DOWN', 'log'],
      ['downtime', 'cscms', null, 'STARTED', 'log'],
    ]);
    expect(skipped).toBe(2);
  });

  it('keeps flapping and acknowledgements as notes and counts every other line by kind', () => {
    const log = parseNagiosLog(
      [
        '[1483228800] HOST ALERT: cscms;(unknown);HARD;3;out of bounds',
        '[1483228801] HOST FLAPPING ALERT: cscms;STARTED; Host appears to have started flapping',
        '[1483228802] EXTERNAL COMMAND: ACKNOWLEDGE_HOST_PROBLEM;cscms;1;1;0;mrossi;on it',
        '[1483228802] HOST NOTIFICATION: helpdesk;cscms;ACKNOWLEDGEMENT (DOWN);notify;out of bounds;mrossi;on it',
        '[1483228803] HOST NOTIFICATION: helpdesk;cscms;DOWN;notify;out of bounds',
        '[1483228804] EXTERNAL COMMAND: SCHEDULE_HOST_DOWNTIME;cscms;1;2;1;0;0;a;c',
        '[1483228805] Warning: Return code of 255 for check of host was out of bounds.',
        '[1483228806] LOG ROTATION: DAILY',
        'garbage',
      ].join('\n'),
    );
    expect(log.events.map((e) => [e.kind, e.state ?? e.phase, e.author ?? null, e.output])).toEqual([
      ['state', 'DOWN', null, 'out of bounds'],
      ['flapping', 'STARTED', null, 'Host appears to have started flapping'],
      ['acknowledgement', null, 'mrossi', 'on it'],
      ['acknowledgement', null, 'mrossi', 'on it'],
    ]);
    // The command and the notification of one acknowledgement are one event.
    expect(eventIdentity(log.events[2])).toBe(eventIdentity(log.events[3]));
    expect(log.used).toEqual({
      'HOST ALERT': 1,
      'HOST FLAPPING ALERT': 1,
      'EXTERNAL COMMAND ACKNOWLEDGE_HOST_PROBLEM': 1,
      'HOST NOTIFICATION': 1,
    });
    expect(log.skippedByKind).toEqual({
      'HOST NOTIFICATION': 1,
      'EXTERNAL COMMAND SCHEDULE_HOST_DOWNTIME': 1,
      Warning: 1,
      'LOG ROTATION': 1,
      malformed: 1,
    });
    expect(log.skipped).toBe(5);
  });

  it('reads a Latin-1 log as Windows-1252 and a UTF-8 one as UTF-8', () => {
    const line = '[1483228800] HOST ALERT: città-é;DOWN;HARD;1;Qualità € giù';
    const latin = parseNagiosLog(Buffer.from(new TextEncoder().encode('x')).subarray(0, 0));
    expect(latin.events).toEqual([]);
    const cp1252 = Buffer.from([...line].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0))));
    const fromLatin = parseNagiosLog(cp1252);
    expect(fromLatin.encoding).toBe('windows-1252');
    expect(fromLatin.events[0]).toMatchObject({ host: 'città-é', output: 'Qualità € giù' });
    const fromUtf8 = parseNagiosLog(Buffer.from(line, 'utf8'));
    expect(fromUtf8.encoding).toBe('utf-8');
    expect(fromUtf8.events[0]).toMatchObject({ host: 'città-é', output: 'Qualità € giù' });
  });

  it('gives a logged alert the identity of the same alert sent by the webhook', () => {
    const [logged] = parseNagiosLog(
      '[1483228800] SERVICE ALERT: csdb1;PostgreSQL;CRITICAL;HARD;3;connection refused',
    ).events;
    const webhook = { ...logged, origin: 'webhook' as const, notificationType: 'PROBLEM' };
    expect(eventIdentity(webhook)).toBe(eventIdentity(logged));
  });
});
