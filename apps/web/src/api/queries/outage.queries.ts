/**
 * Query keys of outages: the lists start with `all()`, so invalidating it refreshes every list;
 * one outage's data lives under `detail(id)`.
 */
export const outageKeys = {
  all: () => ['outages'] as const,
  open: () => ['outages', 'open'] as const,
  range: (from: string, to: string) => ['outages', 'range', from, to] as const,
  detail: (id: string | undefined) => ['outage', id] as const,
};
