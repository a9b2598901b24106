/**
 * The consortium's local zone: dates and times read as Italians in the consortium read them,
 * whatever the PC says. The api names it (GET /api/settings/locale: the active SLA policy's
 * default calendar); until that answer arrives, and on the sign-in page that cannot ask, the UI
 * uses the zone the shipped calendars use, so the first paint is already right in practice.
 */
export const FALLBACK_TIME_ZONE = 'Europe/Rome';

let zone = FALLBACK_TIME_ZONE;

/** The zone dates are shown and entered in. */
export function localTimeZone(): string {
  return zone;
}

/** Set once the api has answered; the App remounts its pages under the new zone when it differs. */
export function setLocalTimeZone(next: string): void {
  zone = next;
}
