import { arrivalsByHour, countsByKey, yearOverYear } from './report-cuts.util';

describe('arrivalsByHour', () => {
  it('fills the 24 hours and counts 18:00-08:00 as outside office hours', () => {
    const report = arrivalsByHour(
      [
        { hour: 7, n: 10 },
        { hour: 8, n: 30 },
        { hour: 17, n: 33 },
        { hour: 18, n: 17 },
        { hour: 23, n: 10 },
      ],
      40,
    );
    expect(report.hours).toHaveLength(24);
    expect(report.total).toBe(100);
    expect(report.outsideOfficeHours).toBe(37);
    expect(report.outsideOfficeHoursPct).toBe(37);
    expect(report.outsideBusinessCalendarPct).toBe(40);
  });
});

describe('yearOverYear', () => {
  it('reproduces the 2016/2017 Nagios totals: +74.3% over 2016, the report’s +43% over 2017', () => {
    const [total] = yearOverYear(['totale'], [16208], [9299]);
    expect(total.changePct).toBe(74.3);
    expect(Math.round(total.changePctOfCurrent!)).toBe(43);
  });
  it('is null where the base is zero', () => {
    expect(yearOverYear(['GEN'], [5], [0])[0]).toMatchObject({ changePct: null, changePctOfCurrent: 100 });
  });
});

describe('countsByKey', () => {
  it('groups the columns per ente, largest first, naming the unset one', () => {
    const rows = countsByKey(
      [
        { period: 'a', channel: 'email', status: 'resolved', n: 3 },
        { period: 'a', channel: 'phone', status: 'open', n: 1 },
        { period: 'b', channel: 'email', status: 'resolved_not_competent', n: 5 },
        { period: '-', channel: 'email', status: 'new', n: 1 },
      ],
      new Map([
        ['a', 'Comune di Fiesole'],
        ['b', 'Comune di Vinci'],
      ]),
    );
    expect(rows.map((r) => [r.name, r.counts.handled, r.counts.resolvedPct])).toEqual([
      ['Comune di Vinci', 5, 100],
      ['Comune di Fiesole', 4, 75],
      ['(non indicato / not set)', 1, 0],
    ]);
  });
});
