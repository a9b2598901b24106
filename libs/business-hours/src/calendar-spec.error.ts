export interface CalendarSpecProblem {
  /** Path of the offending field, e.g. `week.mon[0]` or `overrides.2026-12-24[1]`. */
  field: string;
  reason: string;
}

/** Every problem found in a calendar spec, so that one run of the loader shows them all. */
export class CalendarSpecError extends Error {
  constructor(readonly problems: readonly CalendarSpecProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
    this.name = 'CalendarSpecError';
  }
}
