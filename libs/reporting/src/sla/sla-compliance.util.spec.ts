import { buildSlaCompliance, ClockDescription, ClockAggregate, targetText } from './sla-compliance.util';

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

describe('buildSlaCompliance', () => {
  const agg = (over: Partial<ClockAggregate>): ClockAggregate => ({
    code: 'SLA.6',
    applied: 0,
    met: 0,
    breached: 0,
    running: 0,
    medianMinutes: null,
    p95Minutes: null,
    worstMinutes: null,
    ...over,
  });

  it('says "Nessuno scostamento rilevato" when nothing was late', () => {
    const [row] = buildSlaCompliance(
      [agg({ applied: 3, met: 2, running: 1, medianMinutes: 10, worstMinutes: 50 })],
      [sla6],
    );
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

  it('counts late ones, the rate, and rounds the times to one decimal', () => {
    const [row] = buildSlaCompliance(
      [agg({ applied: 20, met: 18, breached: 2, medianMinutes: 10.04, p95Minutes: 74.96, worstMinutes: 75 })],
      [sla6],
    );
    expect(row).toMatchObject({ compliancePct: 90, medianMinutes: 10, p95Minutes: 75, worstMinutes: 75 });
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
