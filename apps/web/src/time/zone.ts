/**
 * The consortium's local zone: dates and times read as Italians in the consortium read them,
 * whatever the PC says. The one place the UI names it: no endpoint the UI reads (session, SLA
 * clocks) returns the zone of the active policy's calendar yet.
 */
export const LOCAL_TIME_ZONE = 'Europe/Rome';
