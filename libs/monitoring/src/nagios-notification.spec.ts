import { type NagiosNotification, notificationEvents } from './nagios-notification';

const base: NagiosNotification = {
  type: 'PROBLEM',
  at: new Date('2026-11-20T10:00:00Z'),
  host: 'h1',
  service: 'svc',
  state: 'CRITICAL',
  stateType: 'HARD',
  attempt: 2,
  output: 'refused',
  perfData: null,
  author: null,
  comment: null,
  origin: 'webhook',
};

describe('notificationEvents', () => {
  it('reads PROBLEM and RECOVERY as state alerts', () => {
    expect(notificationEvents(base)).toEqual([
      expect.objectContaining({
        kind: 'state',
        state: 'CRITICAL',
        source: 'alert',
        notificationType: 'PROBLEM',
      }),
    ]);
  });

  it.each([
    ['DOWNTIMEEND', 'downtime', 'STOPPED'],
    ['DOWNTIMESTART', 'downtime', 'STARTED'],
    ['DOWNTIMECANCELLED', 'downtime', 'CANCELLED'],
    ['FLAPPINGSTART', 'flapping', 'STARTED'],
    ['FLAPPINGSTOP', 'flapping', 'STOPPED'],
    ['FLAPPINGDISABLED', 'flapping', 'DISABLED'],
    ['ACKNOWLEDGEMENT', 'acknowledgement', null],
    ['CUSTOM', 'custom', null],
  ])('reads %s as a %s note followed by the state it carries (never an alert)', (type, kind, phase) => {
    const [note, state] = notificationEvents({
      ...base,
      type,
      state: 'OK',
      author: 'mrossi',
      comment: 'on it',
    });
    expect(note).toMatchObject({ kind, phase, state: null, notificationType: type });
    expect(state).toMatchObject({ kind: 'state', state: 'OK', stateType: 'HARD', source: 'notification' });
  });

  it('gives an acknowledgement its author and comment, and downtime the plugin output', () => {
    const [ack] = notificationEvents({
      ...base,
      type: 'ACKNOWLEDGEMENT',
      author: 'mrossi',
      comment: 'on it',
    });
    expect(ack).toMatchObject({ author: 'mrossi', output: 'on it' });
    const [downtime] = notificationEvents({ ...base, type: 'DOWNTIMESTART', author: 'mrossi', comment: 'x' });
    expect(downtime).toMatchObject({ author: null, output: 'refused' });
  });

  it('records only the note when the notification carries no state (an old mail)', () => {
    expect(notificationEvents({ ...base, type: 'DOWNTIMESTART', state: null })).toHaveLength(1);
  });
});
