import { daysFromCivil, weekdayIndex } from './civil-date.util';
import { easterSunday } from './easter.util';

describe('easterSunday', () => {
  // Checked against python-dateutil's easter(); 1818 and 2285 are the earliest possible date, 1943 the latest.
  it.each([
    [1583, 4, 10],
    [1818, 3, 22],
    [1943, 4, 25],
    [1961, 4, 2],
    [2000, 4, 23],
    [2008, 3, 23],
    [2011, 4, 24],
    [2016, 3, 27],
    [2017, 4, 16],
    [2019, 4, 21],
    [2024, 3, 31],
    [2025, 4, 20],
    [2026, 4, 5],
    [2027, 3, 28],
    [2030, 4, 21],
    [2038, 4, 25],
    [2285, 3, 22],
    [4099, 4, 19],
    [9999, 3, 28],
  ])('Easter %i is %i/%i', (year, month, day) => {
    expect(easterSunday(year)).toEqual({ month, day });
  });

  it.each([
    ['2016-03-28', 2016],
    ['2017-04-17', 2017],
    ['2024-04-01', 2024],
    ['2025-04-21', 2025],
    ['2026-04-06', 2026],
    ['2038-04-26', 2038],
  ])('Easter Monday is %s', (mondayIso, year) => {
    const { month, day } = easterSunday(year);
    const monday = new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
    expect(monday).toBe(mondayIso);
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    const wrongYears: number[] = [];
    for (let year = 1583; year <= 9999; year++) {
      const { month, day } = easterSunday(year);
      const monthDay = month * 100 + day;
      const ok = weekdayIndex(daysFromCivil(year, month, day)) === 6 && monthDay >= 322 && monthDay <= 425;
      if (!ok) wrongYears.push(year);
    }
    expect(wrongYears).toEqual([]);
  });

  it.each([1582, 2026.5, NaN])('refuses %p', (year) => {
    expect(() => easterSunday(year)).toThrow(RangeError);
  });
});
