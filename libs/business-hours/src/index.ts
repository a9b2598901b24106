export { compileCalendar } from './business-calendar';
export type { BusinessCalendar } from './business-calendar';
export { CalendarSpecError } from './calendar-spec.error';
export type { CalendarSpecProblem } from './calendar-spec.error';
export { WEEKDAYS } from './calendar-spec.types';
export type {
  CalendarSpec,
  ClosedDay,
  ClosedReason,
  OpenInterval,
  TimeRange,
  Weekday,
} from './calendar-spec.types';
export { easterSunday } from './easter.util';
