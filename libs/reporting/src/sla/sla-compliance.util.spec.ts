import {
  availabilitySlaRow,
  buildSlaCompliance,
  ClockAggregate,
  ClockDescription,
  outageSlaRow,
  slaCodeOrder,
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

describe('one SLA table for SLA.1-SLA.11', () => {
  const ticketRow = (aggregate: Partial<ClockAggregate>) =>
    buildSlaCompliance(
      [
        {
          code: 'SLA.6',
          applied: 0,
          met: 0,
          breached: 0,
          running: 0,
          medianMinutes: null,
          p95Minutes: null,
          worstMinutes: null,
          ...aggregate,
        },
      ],
      [sla6],
    )[0];

  it.each([
    [{ applied: 2, met: 2 }, 'Entro 1h lavorativa'],
    [{ applied: 4, met: 3, breached: 1 }, '75.0% nei tempi'],
    [{ applied: 1, running: 1 }, '-'],
  ])('ticket rows say what was measured as the reports do: %j -> %s', (aggregate, measured) => {
    expect(ticketRow(aggregate).measured).toBe(measured);
  });

  it('keeps uptime and response time as numbers with their units, without case counts', () => {
    expect(
      availabilitySlaRow({
        code: 'SLA.2',
        title: 'Uptime del sistema ICMS',
        target: '98.50%',
        measured: 99.996,
        measuredText: '99.996%',
        deviation: '+1.496%',
      }),
    ).toMatchObject({
      source: 'monitoring',
      measured: '99.996%',
      measuredValue: 99.996,
      measuredUnit: '%',
      applied: null,
      deviation: '+1.496%',
    });
    expect(
      availabilitySlaRow({
        code: 'SLA.3',
        title: 'Tempo di risposta',
        target: '7 ms',
        measured: 7,
        measuredText: '7 ms',
        deviation: 'Nessuno scostamento rilevato',
      }).measuredUnit,
    ).toBe('ms');
  });

  it('marks the outage rows and sorts SLA.1 ... SLA.11 numerically, other clocks after', () => {
    const outage = (code: string) =>
      outageSlaRow({
        code,
        title: code,
        target: '-',
        measured: '-',
        deviation: '-',
        applied: 0,
        met: 0,
        breached: 0,
        running: 0,
        compliancePct: null,
        medianMinutes: null,
        p95Minutes: null,
        worstMinutes: null,
      });
    expect([outage('SLA.10').source, outage('SLA.11').source]).toEqual(['outage', 'periodic']);
    const codes = ['CED', 'SLA.11', 'SLA.2', 'SLA.10', 'SLA.1', 'SLA.9'].map((code) => ({ code }));
    expect(codes.sort(slaCodeOrder).map((c) => c.code)).toEqual([
      'SLA.1',
      'SLA.2',
      'SLA.9',
      'SLA.10',
      'SLA.11',
      'CED',
    ]);
  });
});
