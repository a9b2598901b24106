import {
  buildSlaCompliance,
  ClockDescription,
  MeasuredClock,
  percentile,
  targetText,
} from './sla-compliance.util';

const sla6: ClockDescription = {
  code: 'SLA.6',
  title: 'Presa in carico',
  targetMinutes: 60,
  nextBusinessDay: false,
  realTime: false,
};

describe('targetText', () => {
  it.each([
    [sla6, 'entro 1h lavorativa'],
    [{ ...sla6, targetMinutes: 360 }, 'entro 6h lavorative'],
    [{ ...sla6, targetMinutes: 30 }, 'entro 30 min lavorativi'],
    [{ ...sla6, targetMinutes: 120, realTime: true }, 'entro 2h dalla comunicazione'],
    [{ ...sla6, targetMinutes: null, nextBusinessDay: true }, 'entro il giorno lavorativo successivo'],
  ])('%j', (d, text) => expect(targetText(d)).toBe(text));
});

describe('percentile', () => {
  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95, 10],
    [[7], 95, 7],
    [[], 50, null],
  ])('%j p%i = %j', (values, p, expected) => expect(percentile(values, p)).toBe(expected));
});

describe('buildSlaCompliance', () => {
  const clock = (state: MeasuredClock['state'], minutes: number | null): MeasuredClock => ({
    code: 'SLA.6',
    state,
    stopped: minutes !== null,
    minutes,
  });

  it('says "Nessuno scostamento rilevato" when nothing was late', () => {
    const [row] = buildSlaCompliance([clock('met', 10), clock('met', 50), clock('running', null)], [sla6]);
    expect(row).toMatchObject({
      applied: 3,
      met: 2,
      breached: 0,
      running: 1,
      compliancePct: 100,
      deviation: 'Nessuno scostamento rilevato',
      worstMinutes: 50,
    });
  });

  it('counts late ones, the rate, median, 95th percentile and worst', () => {
    const clocks = [
      ...Array.from({ length: 18 }, (_, i) => clock('met', i + 1)),
      clock('breached', 75),
      clock('breached', null), // breached and still not taken: no measured time yet
    ];
    const [row] = buildSlaCompliance(clocks, [sla6]);
    expect(row).toMatchObject({
      applied: 20,
      met: 18,
      breached: 2,
      compliancePct: 90,
      medianMinutes: 10,
      p95Minutes: 75,
      worstMinutes: 75,
    });
    expect(row.deviation).toBe('2 fuori tempo su 20 (10%)');
  });

  it('lists every clock of the policy, even one that applied to nothing', () => {
    const rows = buildSlaCompliance([], [sla6, { ...sla6, code: 'SLA.8' }]);
    expect(rows.map((r) => [r.code, r.applied, r.compliancePct, r.deviation])).toEqual([
      ['SLA.6', 0, null, 'Nessuno scostamento rilevato'],
      ['SLA.8', 0, null, 'Nessuno scostamento rilevato'],
    ]);
  });
});
