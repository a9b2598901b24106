/** The outage clocks move with time (SLA.10 applies once an outage passes 30 min): ask again this often. */
export const REFRESH_MS = 30_000;
