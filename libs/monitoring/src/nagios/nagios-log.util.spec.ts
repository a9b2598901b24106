import { type NagiosEvent, nagiosLogLineKind, parseNagiosLogLine } from './nagios-log.util';

const AT = new Date('2017-01-01T00:00:00Z'); // 1483228800

describe('parseNagiosLogLine', () => {
  it.each<[string, string, NagiosEvent]>([
    [
      'service alert',
      '[1483228800] SERVICE ALERT: csdb1;PostgreSQL;CRITICAL;HARD;3;connection refused',
      {
        kind: 'state',
        at: AT,
        host: 'csdb1',
        service: 'PostgreSQL',
        state: 'CRITICAL',
        stateType: 'HARD',
        attempt: 3,
        output: 'connection refused',
        perfData: null,
        source: 'alert',
      },
    ],
    [
      'host alert',
      '[1483228800] HOST ALERT: cscms;DOWN;HARD;5;PING CRITICAL - Packet loss = 100%',
      {
        kind: 'state',
        at: AT,
        host: 'cscms',
        service: null,
        state: 'DOWN',
        stateType: 'HARD',
        attempt: 5,
        output: 'PING CRITICAL - Packet loss = 100%',
        perfData: null,
        source: 'alert',
      },
    ],
    [
      'current service state',
      '[1483228800] CURRENT SERVICE STATE: csdb1;PostgreSQL;OK;HARD;1;OK - accepting connections',
      {
        kind: 'state',
        at: AT,
        host: 'csdb1',
        service: 'PostgreSQL',
        state: 'OK',
        stateType: 'HARD',
        attempt: 1,
        output: 'OK - accepting connections',
        perfData: null,
        source: 'current',
      },
    ],
    [
      'current host state',
      '[1483228800] CURRENT HOST STATE: cscms;UP;HARD;1;PING OK',
      {
        kind: 'state',
        at: AT,
        host: 'cscms',
        service: null,
        state: 'UP',
        stateType: 'HARD',
        attempt: 1,
        output: 'PING OK',
        perfData: null,
        source: 'current',
      },
    ],
    [
      'initial host state',
      '[1483228800] INITIAL HOST STATE: csbo;UNREACHABLE;SOFT;2;CRITICAL - Host unreachable',
      {
        kind: 'state',
        at: AT,
        host: 'csbo',
        service: null,
        state: 'UNREACHABLE',
        stateType: 'SOFT',
        attempt: 2,
        output: 'CRITICAL - Host unreachable',
        perfData: null,
        source: 'initial',
      },
    ],
    [
      'initial service state',
      '[1483228800] INITIAL SERVICE STATE: csicms;HTTP;UNKNOWN;HARD;4;',
      {
        kind: 'state',
        at: AT,
        host: 'csicms',
        service: 'HTTP',
        state: 'UNKNOWN',
        stateType: 'HARD',
        attempt: 4,
        output: '',
        perfData: null,
        source: 'initial',
      },
    ],
    [
      'output containing semicolons, perf data after |',
      '[1483228800] SERVICE ALERT: cscms;wget;WARNING;SOFT;1;HTTP WARNING: a;b;c |time=0.007s;1.0;2.0;0.0 size=12345B;;;0',
      {
        kind: 'state',
        at: AT,
        host: 'cscms',
        service: 'wget',
        state: 'WARNING',
        stateType: 'SOFT',
        attempt: 1,
        output: 'HTTP WARNING: a;b;c',
        perfData: 'time=0.007s;1.0;2.0;0.0 size=12345B;;;0',
        source: 'alert',
      },
    ],
    [
      'host output with semicolons, empty perf data, CRLF',
      '[1483228800] HOST ALERT: cscms;UP;HARD;1;PING OK; rta 1ms |  \r',
      {
        kind: 'state',
        at: AT,
        host: 'cscms',
        service: null,
        state: 'UP',
        stateType: 'HARD',
        attempt: 1,
        output: 'PING OK; rta 1ms',
        perfData: null,
        source: 'alert',
      },
    ],
    [
      'empty attempt',
      '[1483228800] SERVICE ALERT: csdb2;Disk;OK;HARD;;DISK OK',
      {
        kind: 'state',
        at: AT,
        host: 'csdb2',
        service: 'Disk',
        state: 'OK',
        stateType: 'HARD',
        attempt: null,
        output: 'DISK OK',
        perfData: null,
        source: 'alert',
      },
    ],
    [
      'service downtime started',
      '[1483228800] SERVICE DOWNTIME ALERT: csdb1;PostgreSQL;STARTED; Service has entered a period of scheduled downtime',
      {
        kind: 'downtime',
        at: AT,
        host: 'csdb1',
        service: 'PostgreSQL',
        phase: 'STARTED',
        comment: 'Service has entered a period of scheduled downtime',
      },
    ],
    [
      'host downtime stopped',
      '[1483228800] HOST DOWNTIME ALERT: cscms;STOPPED; Host has exited from a period of scheduled downtime',
      {
        kind: 'downtime',
        at: AT,
        host: 'cscms',
        service: null,
        phase: 'STOPPED',
        comment: 'Host has exited from a period of scheduled downtime',
      },
    ],
    [
      'host downtime cancelled',
      '[1483228800] HOST DOWNTIME ALERT: cscms;CANCELLED; Scheduled downtime for host has been cancelled.',
      {
        kind: 'downtime',
        at: AT,
        host: 'cscms',
        service: null,
        phase: 'CANCELLED',
        comment: 'Scheduled downtime for host has been cancelled.',
      },
    ],
    [
      'service downtime cancelled',
      '[1483228800] SERVICE DOWNTIME ALERT: csdb1;PostgreSQL;CANCELLED; Scheduled downtime for service has been cancelled.',
      {
        kind: 'downtime',
        at: AT,
        host: 'csdb1',
        service: 'PostgreSQL',
        phase: 'CANCELLED',
        comment: 'Scheduled downtime for service has been cancelled.',
      },
    ],
  ])('parses a %s', (_name, line, expected) => {
    expect(parseNagiosLogLine(line)).toEqual(expected);
  });

  it.each<[string, string]>([
    [
      'external command',
      '[1483228800] EXTERNAL COMMAND: SCHEDULE_SVC_DOWNTIME;csdb1;PostgreSQL;1;2;1;0;3600;admin;x',
    ],
    [
      'service notification',
      '[1483228800] SERVICE NOTIFICATION: admin;csdb1;PostgreSQL;CRITICAL;notify;refused',
    ],
    ['host notification', '[1483228800] HOST NOTIFICATION: admin;cscms;DOWN;notify-host;PING CRITICAL'],
    ['log rotation', '[1483228800] LOG ROTATION: DAILY'],
    ['log version', '[1483228800] LOG VERSION: 2.0'],
    ['warning', '[1483228800] Warning: Return code of 255 for check of service was out of bounds.'],
    ['flapping with an unknown phase', '[1483228800] HOST FLAPPING ALERT: cscms;PAUSED; x'],
    [
      'acknowledgement notification without author',
      '[1483228800] HOST NOTIFICATION: admin;cscms;ACKNOWLEDGEMENT (DOWN);notify',
    ],
    ['other external command', '[1483228800] EXTERNAL COMMAND: ACKNOWLEDGE_HOST_PROBLEM;cscms;2'],
    ['non-numeric epoch', '[14832x8800] SERVICE ALERT: csdb1;PostgreSQL;CRITICAL;HARD;3;connection refused'],
    ['negative epoch', '[-1] HOST ALERT: cscms;DOWN;HARD;5;x'],
    ['empty epoch', '[] HOST ALERT: cscms;DOWN;HARD;5;x'],
    ['missing epoch', 'HOST ALERT: cscms;DOWN;HARD;5;x'],
    ['empty line', ''],
    ['whitespace', '   '],
    ['garbage', 'lorem ipsum; dolor'],
    ['host state on a service line', '[1483228800] SERVICE ALERT: csdb1;PostgreSQL;DOWN;HARD;3;x'],
    ['service state on a host line', '[1483228800] HOST ALERT: cscms;CRITICAL;HARD;5;x'],
    ['unknown state type', '[1483228800] HOST ALERT: cscms;DOWN;FIRM;5;x'],
    ['non-numeric attempt', '[1483228800] HOST ALERT: cscms;DOWN;HARD;five;x'],
    ['too few fields (service)', '[1483228800] SERVICE ALERT: csdb1;PostgreSQL;CRITICAL;HARD'],
    ['too few fields (host)', '[1483228800] HOST ALERT: cscms;DOWN'],
    ['empty host', '[1483228800] HOST ALERT: ;DOWN;HARD;1;x'],
    ['empty service', '[1483228800] SERVICE ALERT: csdb1;;CRITICAL;HARD;1;x'],
    ['unknown downtime phase', '[1483228800] HOST DOWNTIME ALERT: cscms;PAUSED; x'],
    ['downtime without phase', '[1483228800] SERVICE DOWNTIME ALERT: csdb1;PostgreSQL'],
    ['CURRENT ... ALERT', '[1483228800] CURRENT HOST ALERT: cscms;UP;HARD;1;PING OK'],
    ['bare HOST STATE', '[1483228800] HOST STATE: cscms;UP;HARD;1;PING OK'],
    ['lower-case type', '[1483228800] host alert: cscms;DOWN;HARD;5;x'],
  ])('returns null for %s', (_name, line) => {
    expect(parseNagiosLogLine(line)).toBeNull();
  });

  it.each<[string, string, Partial<NagiosEvent>]>([
    [
      'an out-of-range host result, as Nagios logs it (DOWN for Nagios)',
      '[1483228800] HOST ALERT: cscms;(unknown);HARD;3;(Return code of 255 is out of bounds)',
      { kind: 'state', state: 'DOWN', stateType: 'HARD', source: 'alert' },
    ],
    [
      'a CURRENT HOST STATE written with OK (UP)',
      '[1483228800] CURRENT HOST STATE: cscms;OK;HARD;1;PING OK',
      { kind: 'state', state: 'UP', source: 'current' },
    ],
    [
      'an out-of-range service result (UNKNOWN)',
      '[1483228800] SERVICE ALERT: csdb1;PostgreSQL;(unknown);SOFT;1;out of bounds',
      { kind: 'state', state: 'UNKNOWN', stateType: 'SOFT' },
    ],
    [
      'a service flapping start',
      '[1483228800] SERVICE FLAPPING ALERT: csdb1;PostgreSQL;STARTED; Service appears to have started flapping (24.1% change >= 20.0% threshold)',
      {
        kind: 'flapping',
        host: 'csdb1',
        service: 'PostgreSQL',
        phase: 'STARTED',
        comment: 'Service appears to have started flapping (24.1% change >= 20.0% threshold)',
      },
    ],
    [
      'a host flapping disabled',
      '[1483228800] HOST FLAPPING ALERT: cscms;DISABLED; Flap detection has been disabled',
      { kind: 'flapping', host: 'cscms', service: null, phase: 'DISABLED' },
    ],
    [
      'an acknowledgement notification (Nagios 4 adds author and comment)',
      '[1483228800] SERVICE NOTIFICATION: helpdesk;h1;svc;ACKNOWLEDGEMENT (CRITICAL);notify;state 2;mrossi;looking into it; really',
      {
        kind: 'acknowledgement',
        host: 'h1',
        service: 'svc',
        author: 'mrossi',
        comment: 'looking into it; really',
      },
    ],
    [
      'a custom host notification',
      '[1483228800] HOST NOTIFICATION: helpdesk;h1;CUSTOM (DOWN);notify;down;mrossi;call the vendor',
      { kind: 'custom', host: 'h1', service: null, author: 'mrossi', comment: 'call the vendor' },
    ],
    [
      'an acknowledgement external command',
      '[1483228800] EXTERNAL COMMAND: ACKNOWLEDGE_SVC_PROBLEM;h1;svc;1;1;0;mrossi;looking into it',
      { kind: 'acknowledgement', host: 'h1', service: 'svc', author: 'mrossi', comment: 'looking into it' },
    ],
  ])('reads %s', (_name, line, expected) => {
    expect(parseNagiosLogLine(line)).toMatchObject({ at: AT, ...expected });
  });

  it.each([
    ['[1483228800] SERVICE NOTIFICATION: a;b;c;CRITICAL;n;x', 'SERVICE NOTIFICATION'],
    [
      '[1483228800] EXTERNAL COMMAND: SCHEDULE_HOST_DOWNTIME;h;1;2;1;0;0;a;c',
      'EXTERNAL COMMAND SCHEDULE_HOST_DOWNTIME',
    ],
    ['[1483228800] Warning: Return code of 255 was out of bounds.', 'Warning'],
    ['[1483228800] Auto-save of retention data completed successfully.', 'other message'],
    ['garbage', 'malformed'],
  ])('names the kind of %s', (line, kind) => {
    expect(nagiosLogLineKind(line)).toBe(kind);
  });

  it('never throws on non-string input', () => {
    expect(parseNagiosLogLine(undefined as unknown as string)).toBeNull();
    expect(parseNagiosLogLine(42 as unknown as string)).toBeNull();
  });
});
