import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { outageClocks, OutageTimes } from './outage-clock.util';
import { lastEndedPeriod, noticeSlaRows, reportPeriods, reportSlaRow } from './outage-sla.util';

/** The zone of the service centre's calendar (the default policy's), as config/calendars gives it. */
const ZONE = (
  JSON.parse(readFileSync(join(__dirname, '../../../config/calendars/cst.json'), 'utf8')) as {
    timeZone: string;
  }
).timeZone;

const at = (hhmm: string) => new Date(`2017-03-14T${hhmm}:00Z`);
const outage = (over: Partial<OutageTimes> = {}): OutageTimes => ({
  startedAt: at('09:50'),
  interventionStartedAt: at('10:00'),
  endedAt: null,
  planned: false,
  ...over,
});
const byCode = (clocks: ReturnType<typeof outageClocks>) =>
  Object.fromEntries(clocks.map((c) => [c.code, c]));

describe('outageClocks (SLA.9, SLA.10 on real time)', () => {
  it.each([
    // now, ended, notices, SLA.9 state, SLA.10 state
    ['10:10', null, [], 'running', 'not_applicable'],
    ['10:25', null, [], 'running', 'running'],
    ['10:31', null, [], 'breached', 'running'],
    ['10:31', null, [['entes', '10:20']], 'met', 'running'],
    ['10:31', null, [['entes', '10:30']], 'met', 'running'],
    ['10:45', null, [['entes', '10:31']], 'breached', 'running'],
    ['11:30', null, [['entes', '10:20']], 'met', 'breached'],
    [
      '11:30',
      null,
      [
        ['entes', '10:20'],
        ['users', '10:59'],
      ],
      'met',
      'met',
    ],
    ['11:30', null, [['users', '11:01']], 'breached', 'breached'],
    // Over in 25 minutes: no notice to users is owed.
    ['12:00', '10:15', [['entes', '10:05']], 'met', 'not_applicable'],
    // 40 minutes down and over: SLA.10 applies even after the end.
    ['12:00', '10:30', [['entes', '10:05']], 'met', 'breached'],
  ] as const)('at %s (ended %s, notices %j): SLA.9 %s, SLA.10 %s', (now, ended, notices, sla9, sla10) => {
    const clocks = byCode(
      outageClocks(
        outage({ endedAt: ended ? at(ended) : null }),
        notices.map(([kind, time]) => ({ kind, sentAt: at(time) })),
        at(now),
      ),
    );
    expect(clocks['SLA.9'].state).toBe(sla9);
    expect(clocks['SLA.10'].state).toBe(sla10);
  });

  it('is due 30 and 60 minutes after the intervention starts, not after the outage starts', () => {
    const clocks = byCode(outageClocks(outage(), [], at('10:25')));
    expect(clocks['SLA.9'].dueAt).toEqual(at('10:30'));
    expect(clocks['SLA.10'].dueAt).toEqual(at('11:00'));
  });

  it('a planned outage owes no SLA.9 notice; the first of several notices stops the clock', () => {
    const clocks = byCode(
      outageClocks(
        outage({ planned: true }),
        [
          { kind: 'users', sentAt: at('10:50') },
          { kind: 'users', sentAt: at('10:20') },
        ],
        at('12:00'),
      ),
    );
    expect(clocks['SLA.9'].state).toBe('not_applicable');
    expect(clocks['SLA.10']).toMatchObject({ state: 'met', sentAt: at('10:20'), minutes: 20 });
  });

  it('waits without a due instant until the intervention starts; a notice before it counts 0 minutes', () => {
    const waiting = byCode(outageClocks(outage({ interventionStartedAt: null }), [], at('12:00')));
    expect(waiting['SLA.9']).toMatchObject({ state: 'waiting', dueAt: null });
    const early = byCode(outageClocks(outage(), [{ kind: 'entes', sentAt: at('09:55') }], at('12:00')));
    expect(early['SLA.9']).toMatchObject({ state: 'met', minutes: 0 });
  });
});

describe('the SLA.9-SLA.11 rows', () => {
  const rules = { entesMinutes: 30, usersMinutes: 60, usersAfterMinutes: 30, warnBeforeMinutes: 10 };

  it('counts applied, met, breached and running, with nearest-rank times and the deviation', () => {
    const clocks = [
      ...outageClocks(outage(), [{ kind: 'entes', sentAt: at('10:10') }], at('10:20')),
      ...outageClocks(outage(), [{ kind: 'entes', sentAt: at('10:40') }], at('12:00')),
      ...outageClocks(outage({ planned: true }), [], at('12:00')),
    ];
    const [sla9, sla10] = noticeSlaRows(clocks, rules);
    expect(sla9).toMatchObject({
      code: 'SLA.9',
      target: "entro 30' da avvio intervento",
      applied: 2,
      met: 1,
      breached: 1,
      running: 0,
      compliancePct: 50,
      medianMinutes: 10,
      worstMinutes: 40,
      measured: '50.0% nei tempi',
      deviation: '1 fuori tempo su 2 (50%)',
    });
    // Two outages still down past 30 minutes at 12:00 and the one at 10:20 not yet: 2 breached, 0 running.
    expect(sla10).toMatchObject({ code: 'SLA.10', applied: 2, breached: 2 });
    expect(noticeSlaRows([], rules)[0]).toMatchObject({
      measured: 'Nessuna interruzione',
      deviation: 'Nessuno scostamento rilevato',
    });
  });

  const schedule = { contractMonths: 6, everyMonths: 3, dueDays: 15 };

  it('lists the quarters ending in the period, each due 15 days after its end (Rome)', () => {
    const periods = reportPeriods('2017-01-01', '2017-12-31', schedule, ZONE);
    expect(periods.map((p) => [p.period, p.from, p.to])).toEqual([
      ['2017-Q1', '2017-01-01', '2017-03-31'],
      ['2017-Q2', '2017-04-01', '2017-06-30'],
      ['2017-Q3', '2017-07-01', '2017-09-30'],
      ['2017-Q4', '2017-10-01', '2017-12-31'],
    ]);
    expect(periods[0].dueAt).toEqual(new Date('2017-04-15T22:00:00Z'));
    expect(reportPeriods('2017-01-01', '2017-06-30', { ...schedule, everyMonths: 6 }, ZONE)[0].period).toBe(
      '2017-H1',
    );
    expect(lastEndedPeriod(new Date('2018-01-01T08:00:00Z'), schedule, ZONE).period).toBe('2017-Q4');
    expect(lastEndedPeriod(new Date('2017-05-10T08:00:00Z'), schedule, ZONE)).toMatchObject({
      period: '2017-Q1',
      from: '2017-01-01',
      to: '2017-03-31',
    });
  });

  it('SLA.11: every 3 months against a contract of 6 is better than asked; late or missing ones show', () => {
    const periods = reportPeriods('2017-01-01', '2017-12-31', schedule, ZONE);
    const onTime = periods.map((p) => ({
      period: p.period,
      sentAt: new Date(p.dueAt.getTime() - 86_400_000),
    }));
    expect(reportSlaRow(periods, onTime, schedule, new Date('2018-02-01'))).toMatchObject({
      target: 'Ogni 6 mesi',
      measured: 'Ogni 3 mesi',
      deviation: 'Prestazione migliorativa',
      applied: 4,
      met: 4,
    });
    const late = reportSlaRow(
      periods,
      [onTime[0], { period: '2017-Q2', sentAt: new Date('2017-08-30') }, onTime[2]],
      schedule,
      new Date('2018-01-05'),
    );
    expect(late).toMatchObject({
      met: 2,
      breached: 1,
      running: 1,
      measured: '2 report su 3 nei tempi',
      deviation: '1 report fuori tempo su 3',
    });
    expect(late.deliveries!.map((d) => d.state)).toEqual(['met', 'breached', 'met', 'running']);
  });
});
