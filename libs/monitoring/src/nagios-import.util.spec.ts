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

  it('gives a logged alert the identity of the same alert sent by the webhook', () => {
    const [logged] = parseNagiosLog(
      '[1483228800] SERVICE ALERT: csdb1;PostgreSQL;CRITICAL;HARD;3;connection refused',
    ).events;
    const webhook = { ...logged, origin: 'webhook' as const, notificationType: 'PROBLEM' };
    expect(eventIdentity(webhook)).toBe(eventIdentity(logged));
  });
});
