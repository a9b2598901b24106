import { outageClocks } from './outage-clock.util';
import { noticeAlerts } from './outage-notice-alerts.util';

const at = (hhmm: string) => new Date(`2026-11-20T${hhmm}:00+01:00`);
const outage = (over: Partial<Parameters<typeof outageClocks>[0]> = {}) => ({
  startedAt: at('09:50'),
  interventionStartedAt: at('10:00'),
  endedAt: null,
  planned: false,
  ...over,
});
const alertsAt = (now: Date, notices: { kind: 'entes' | 'users'; sentAt: Date }[] = [], o = outage()) =>
  noticeAlerts('o1', outageClocks(o, notices, now), now, 10).map((a) => `${a.kind} ${a.code}`);

describe('noticeAlerts', () => {
  it('says nothing while the notice to the entes is more than 10 minutes away', () => {
    expect(alertsAt(at('10:19'))).toEqual([]);
  });

  it('warns 10 minutes before SLA.9 is due, and SLA.10 once the outage lasts over 30 minutes and nears 11:00', () => {
    expect(alertsAt(at('10:20'))).toEqual(['outage_notice_due SLA.9']);
    // Down since 09:50: SLA.10 applies after 10:20 and is due at 11:00.
    expect(alertsAt(at('10:50'))).toEqual(['outage_notice_breached SLA.9', 'outage_notice_due SLA.10']);
    expect(alertsAt(at('11:01'))).toEqual(['outage_notice_breached SLA.9', 'outage_notice_breached SLA.10']);
  });

  it('is silent for a clock whose notice was sent, in time or late', () => {
    expect(alertsAt(at('10:25'), [{ kind: 'entes', sentAt: at('10:24') }])).toEqual([]);
    expect(alertsAt(at('10:50'), [{ kind: 'entes', sentAt: at('10:40') }])).toEqual([
      'outage_notice_due SLA.10',
    ]);
  });

  it('is silent before the intervention starts and for planned maintenance (no SLA.9)', () => {
    expect(alertsAt(at('10:40'), [], outage({ interventionStartedAt: null }))).toEqual([]);
    expect(alertsAt(at('10:25'), [], outage({ planned: true }))).toEqual([]);
  });

  it('keys each alert by outage and clock, so the watch stores it once', () => {
    const [alert] = noticeAlerts('o1', outageClocks(outage(), [], at('10:40')), at('10:40'), 10);
    expect(alert).toMatchObject({ dedupKey: 'outage-breach:o1:SLA.9', dueAt: at('10:30') });
  });
});
