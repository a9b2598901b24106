import { currentYear, periodRange, previousPeriod } from './period';

describe('report periods', () => {
  it('turns a month, quarter, half-year and year into inclusive dates', () => {
    expect(periodRange({ kind: 'month', year: 2016, index: 2 })).toEqual({
      from: '2016-02-01',
      to: '2016-02-29',
    });
    expect(periodRange({ kind: 'quarter', year: 2016, index: 2 })).toEqual({
      from: '2016-04-01',
      to: '2016-06-30',
    });
    expect(periodRange({ kind: 'half', year: 2017, index: 2 })).toEqual({
      from: '2017-07-01',
      to: '2017-12-31',
    });
    expect(periodRange({ kind: 'year', year: 2017, index: 1 })).toEqual({
      from: '2017-01-01',
      to: '2017-12-31',
    });
  });

  it('defaults to the last complete period', () => {
    const today = new Date(2026, 10, 23);
    expect(previousPeriod('month', today)).toEqual({ kind: 'month', year: 2026, index: 10 });
    expect(previousPeriod('quarter', today)).toEqual({ kind: 'quarter', year: 2026, index: 3 });
    expect(previousPeriod('half', today)).toEqual({ kind: 'half', year: 2026, index: 1 });
    expect(previousPeriod('year', today)).toEqual({ kind: 'year', year: 2025, index: 1 });
    expect(previousPeriod('quarter', new Date(2026, 1, 1))).toEqual({
      kind: 'quarter',
      year: 2025,
      index: 4,
    });
  });

  it('opens on the current year so far (issue 16.21)', () => {
    expect(currentYear(new Date(2026, 11, 5))).toEqual({ kind: 'year', year: 2026, index: 1 });
    expect(periodRange(currentYear(new Date(2026, 0, 1)))).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
});
