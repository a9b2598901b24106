import {
  buildTicketStatistics,
  periodKeys,
  resolvedPercent,
  StatusCountRow,
  ticketStatisticsCsv,
} from './ticket-statistics.util';

const asOf = new Date('2026-11-23T10:00:00Z');

describe('resolvedPercent', () => {
  it.each([
    // The consortium's own figures.
    [2136 + 29, 2165, 100],
    [3233 + 87, 3330, 99.7],
    [363 + 29, 393, 99.7],
    [626 + 21, 647, 100],
    [398 + 52, 451, 99.8],
    // Half-way cases round up, computed on integers.
    [9995, 10000, 100],
    [9985, 10000, 99.9],
    [1, 3, 33.3],
    [2, 3, 66.7],
    [0, 5, 0],
  ])('%i of %i is %d%%', (done, handled, pct) => {
    expect(resolvedPercent(done, handled)).toBe(pct);
  });
  it('is null when nothing was handled', () => expect(resolvedPercent(0, 0)).toBeNull());
});

describe('periodKeys', () => {
  it.each([
    ['2016-04-01', '2016-06-30', 'month', ['2016-04-01', '2016-05-01', '2016-06-01']],
    ['2017-01-01', '2017-12-31', 'quarter', ['2017-01-01', '2017-04-01', '2017-07-01', '2017-10-01']],
    ['2016-01-01', '2017-12-31', 'year', ['2016-01-01', '2017-01-01']],
    ['2017-02-15', '2017-03-02', 'month', ['2017-02-01', '2017-03-01']],
  ] as const)('%s..%s by %s', (from, to, groupBy, keys) => {
    expect(periodKeys(from, to, groupBy)).toEqual(keys);
  });
});

describe('buildTicketStatistics', () => {
  // The 2017 annual report, by channel.
  const year2017: StatusCountRow[] = [
    { period: '2017-01-01', channel: 'phone', status: 'resolved_not_competent', n: 29 },
    { period: '2017-01-01', channel: 'phone', status: 'resolved', n: 2136 },
    { period: '2017-01-01', channel: 'email', status: 'open', n: 6 },
    { period: '2017-01-01', channel: 'email', status: 'waiting', n: 4 },
    { period: '2017-01-01', channel: 'email', status: 'resolved_not_competent', n: 87 },
    { period: '2017-01-01', channel: 'email', status: 'resolved', n: 3233 },
  ];

  it('reproduces the 2017 table: 100% by phone, 99.7% by e-mail, 5,495 handled', () => {
    const report = buildTicketStatistics(year2017, {
      from: '2017-01-01',
      to: '2017-12-31',
      groupBy: 'year',
      asOf,
    });
    expect(report.totals.byChannel.phone).toMatchObject({
      handled: 2165,
      resolved: 2136,
      resolvedNotCompetent: 29,
      open: 0,
      resolvedPct: 100,
    });
    expect(report.totals.byChannel.email).toMatchObject({
      handled: 3330,
      open: 10,
      resolvedNotCompetent: 87,
      resolved: 3233,
      resolvedPct: 99.7,
    });
    expect(report.totals.overall.handled).toBe(5495);
    expect(report.totals.byChannel.email.resolvedRatio).toBeCloseTo(3320 / 3330, 10);
    expect(report.periods).toHaveLength(1);
    expect(report.periods[0].label).toBe('2017');
  });

  it('reproduces the Q2 2016 e-mail months and keeps empty periods', () => {
    const rows: StatusCountRow[] = [
      { period: '2016-04-01', channel: 'email', status: 'open', n: 1 },
      { period: '2016-04-01', channel: 'email', status: 'resolved_not_competent', n: 29 },
      { period: '2016-04-01', channel: 'email', status: 'resolved', n: 363 },
      { period: '2016-05-01', channel: 'email', status: 'resolved_not_competent', n: 21 },
      { period: '2016-05-01', channel: 'email', status: 'resolved', n: 626 },
      { period: '2016-06-01', channel: 'email', status: 'waiting', n: 1 },
      { period: '2016-06-01', channel: 'email', status: 'resolved_not_competent', n: 52 },
      { period: '2016-06-01', channel: 'email', status: 'resolved', n: 398 },
    ];
    const report = buildTicketStatistics(rows, {
      from: '2016-04-01',
      to: '2016-07-31',
      groupBy: 'month',
      asOf,
    });
    expect(
      report.periods.map((p) => [p.label, p.byChannel.email.handled, p.byChannel.email.resolvedPct]),
    ).toEqual([
      ['2016-04', 393, 99.7],
      ['2016-05', 647, 100],
      ['2016-06', 451, 99.8],
      ['2016-07', 0, null],
    ]);
  });

  it('writes the table as CSV with the reports’ Italian headers', () => {
    const csv = ticketStatisticsCsv(
      buildTicketStatistics(year2017, { from: '2017-01-01', to: '2017-12-31', groupBy: 'year', asOf }),
    );
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'periodo,canale,Nuovo,Aperto,Risolto - non di competenza,Risolto,Tot gestiti,% Risolti',
    );
    expect(lines).toContain('2017,email,0,10,87,3233,3330,99.7');
    expect(lines.at(-1)).toBe('totale,totale,0,10,116,5369,5495,99.8');
  });
});
