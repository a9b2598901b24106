import { civilFromDays, daysFromCivil, formatIsoDate, weekdayIndex } from './civil-date.util';

describe('civil dates', () => {
  it.each([
    ['1970-01-01', 0, 3],
    ['2000-02-29', 11016, 1],
    ['2026-11-20', 20777, 4],
    ['1583-01-01', -141349, 5],
    ['9999-12-31', 2932896, 4],
  ])('%s is epoch day %i, weekday %i (0 = Monday)', (iso, epochDay, weekday) => {
    const [year, month, day] = iso.split('-').map(Number);
    expect(daysFromCivil(year, month, day)).toBe(epochDay);
    expect(civilFromDays(epochDay)).toEqual({ year, month, day });
    expect(formatIsoDate(epochDay)).toBe(iso);
    expect(weekdayIndex(epochDay)).toBe(weekday);
  });

  it('agrees with Date over four centuries', () => {
    const mismatches: number[] = [];
    for (let epochDay = -146097; epochDay < 146097; epochDay += 3) {
      const date = new Date(epochDay * 86_400_000);
      const ok =
        formatIsoDate(epochDay) === date.toISOString().slice(0, 10) &&
        weekdayIndex(epochDay) === (date.getUTCDay() + 6) % 7;
      if (!ok) mismatches.push(epochDay);
    }
    expect(mismatches).toEqual([]);
  });
});
