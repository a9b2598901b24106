import { foldCall, StoredCtiEvent } from './call-fold';

const at = (s: number) => new Date(Date.UTC(2026, 11, 4, 9, 0, s));
const ev = (
  event: StoredCtiEvent['event'],
  s: number,
  extra: Partial<StoredCtiEvent> = {},
): StoredCtiEvent => ({
  event,
  at: at(s),
  from: null,
  to: null,
  direction: null,
  user: null,
  cause: null,
  ...extra,
});

describe('foldCall', () => {
  const ring = ev('newCall', 0, { from: '+390552345678', to: '0550001', direction: 'in' });

  it('rings, is answered, ends', () => {
    expect(foldCall([ring]).status).toBe('ringing');
    expect(foldCall([ring, ev('answer', 10, { user: '201' })])).toMatchObject({
      status: 'talking',
      answeredBy: '201',
      answeredAt: at(10),
    });
    expect(
      foldCall([ring, ev('answer', 10, { user: '201' }), ev('hangup', 70, { cause: 'normalClearing' })]),
    ).toMatchObject({ status: 'answered', startedAt: at(0), answeredAt: at(10), endedAt: at(70) });
  });

  it('is missed when it ends unanswered', () => {
    expect(foldCall([ring, ev('hangup', 30, { cause: 'cancel' })])).toMatchObject({
      status: 'missed',
      cause: 'cancel',
      answeredAt: null,
    });
  });

  it('takes events in any order: a hangup received before its answer', () => {
    const folded = foldCall([
      ev('hangup', 40, { cause: 'normalClearing' }),
      ring,
      ev('answer', 45, { user: '201' }),
    ]);
    expect(folded).toMatchObject({
      status: 'answered',
      startedAt: at(0),
      endedAt: at(40),
      answeredAt: at(40),
    });
  });

  it('starts at the earliest event when the newCall never came', () => {
    const folded = foldCall([ev('answer', 5, { from: '3471234567', direction: 'in', user: '202' })]);
    expect(folded).toMatchObject({
      status: 'talking',
      startedAt: at(5),
      from: '3471234567',
      direction: 'in',
    });
  });
});
