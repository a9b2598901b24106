import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { eventIdentity } from '../monitoring-event.types';
import { nagiosDate, parseNagiosMail } from './nagios-mail.util';

/** The zone of the service centre's calendar (the default policy's), as config/calendars gives it. */
const ZONE = (
  JSON.parse(readFileSync(join(__dirname, '../../../../config/calendars/cst.json'), 'utf8')) as {
    timeZone: string;
  }
).timeZone;

// The bodies of Nagios's sample commands.cfg notify-service-by-email and notify-host-by-email.
const SERVICE = `***** Nagios *****

Notification Type: PROBLEM

Service: HTTP
Host: cscms
Address: 10.0.0.5
State: CRITICAL

Date/Time: Tue Mar 14 10:00:00 CET 2017

Additional Info:

HTTP CRITICAL - Socket timeout after 10 seconds
`;
const HOST = `***** Nagios *****

Notification Type: RECOVERY
Host: csdb1
State: UP
Address: 10.0.0.1
Info: PING OK - Packet loss = 0%, RTA = 0.80 ms

Date/Time: Wed Jul 12 09:15:30 CEST 2017
`;
const fallback = new Date('2020-01-01T00:00:00Z');

describe('parseNagiosMail', () => {
  it('reads a service notification as the webhook would send it', () => {
    const { event } = parseNagiosMail(SERVICE, fallback, ZONE);
    expect(event).toMatchObject({
      kind: 'state',
      at: new Date('2017-03-14T09:00:00Z'),
      host: 'cscms',
      service: 'HTTP',
      state: 'CRITICAL',
      stateType: 'HARD',
      output: 'HTTP CRITICAL - Socket timeout after 10 seconds',
      notificationType: 'PROBLEM',
      origin: 'mail',
    });
    // Same identity as the webhook's event for the same alert (origin is not part of it).
    expect(eventIdentity(event!)).toBe(
      eventIdentity({ ...event!, origin: 'webhook', notificationType: 'PROBLEM' }),
    );
  });

  it('reads a host notification, its Info line and a summer-time date', () => {
    expect(parseNagiosMail(HOST, fallback, ZONE).event).toMatchObject({
      host: 'csdb1',
      service: null,
      state: 'UP',
      output: 'PING OK - Packet loss = 0%, RTA = 0.80 ms',
      at: new Date('2017-07-12T07:15:30Z'),
      notificationType: 'RECOVERY',
    });
  });

  it('takes downtime notifications as downtime events, and CRLF bodies', () => {
    const body = HOST.replace('RECOVERY', 'DOWNTIMESTART').replace(/\n/g, '\r\n');
    expect(parseNagiosMail(body, fallback, ZONE).event).toMatchObject({
      kind: 'downtime',
      phase: 'STARTED',
      state: null,
    });
  });

  it.each([
    ['Buongiorno, il portale non funziona.', 'not a Nagios notification'],
    [SERVICE.replace('CRITICAL\n', 'ROTTO\n'), 'unknown Nagios state'],
  ])('refuses what is not a notification: %j', (body, reason) => {
    const parsed = parseNagiosMail(body, fallback, ZONE);
    expect(parsed.event).toBeNull();
    expect('reason' in parsed && parsed.reason).toContain(reason);
  });

  it.each([
    ['Tue Mar 14 10:00:00 CET 2017', '2017-03-14T09:00:00.000Z'],
    ['Tue Mar  7 10:00:00 UTC 2017', '2017-03-07T10:00:00.000Z'],
    // No zone: Rome local time (summer time in July).
    ['Wed Jul 12 09:15:30 2017', '2017-07-12T07:15:30.000Z'],
    ['ieri sera', null],
    ['Tue Mar 14 10:00:00 XYZ 2017', null],
  ])('nagiosDate(%j)', (value, iso) => {
    expect(nagiosDate(value, ZONE)?.toISOString() ?? null).toBe(iso);
  });

  it('falls back to the mail date without a readable Date/Time', () => {
    const body = SERVICE.replace(/Date\/Time: .*/, 'Date/Time: domani');
    expect(parseNagiosMail(body, fallback, ZONE).event?.at).toEqual(fallback);
  });
});
