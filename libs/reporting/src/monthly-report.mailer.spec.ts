import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { compileCalendar } from '@app/business-hours';

import { isFirstBusinessDayOfMonth } from './monthly-report.mailer';

const cst = compileCalendar(
  JSON.parse(readFileSync(join(__dirname, '../../../config/calendars/cst.json'), 'utf8')),
);

describe('isFirstBusinessDayOfMonth', () => {
  it.each([
    // 1 November 2026 is a Sunday and All Saints: Monday the 2nd is the first business day.
    ['2026-11-02T09:00:00+01:00', true],
    ['2026-11-02T07:00:00+01:00', true],
    ['2026-11-01T10:00:00+01:00', false],
    ['2026-11-03T09:00:00+01:00', false],
    // 1 January is a holiday, the 2nd a Friday.
    ['2026-01-02T12:00:00+01:00', true],
    ['2026-01-01T12:00:00+01:00', false],
    // 1 June 2026 is a Monday (2 June is the holiday after it).
    ['2026-06-01T08:30:00+02:00', true],
    ['2026-06-03T08:30:00+02:00', false],
  ])('%s -> %s', (at, expected) => {
    expect(isFirstBusinessDayOfMonth(cst, new Date(at))).toBe(expected);
  });
});
