/**
 * Nagios performance data: `'label'=value[UOM];[warn];[crit];[min];[max]`, space separated
 * (labels with spaces are single-quoted, a quote inside a label is doubled).
 */

const UNIT_TO_SECONDS: Readonly<Record<string, number>> = { '': 1, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6 };

/** `label=value...` items; quoted labels may contain spaces and `=`. */
const PERF_ITEM = /(?:'((?:[^']|'')*)'|([^\s=']+))=(\S*)/g;

/** Splits performance data into label -> raw value field (the part before the first `;`). */
export function parsePerfData(perfData: string): Map<string, string> {
  const items = new Map<string, string>();
  for (const match of perfData.matchAll(PERF_ITEM)) {
    const label = match[1] !== undefined ? match[1].replace(/''/g, "'") : match[2];
    if (!items.has(label)) items.set(label, match[3].split(';')[0]);
  }
  return items;
}

/**
 * Response time in seconds from performance data such as `time=0.007s;1.0;2.0;0.0 size=12345B;;;0`
 * (check_http / the wget probe). Units s, ms, us (µs too); a bare number is taken as seconds.
 * Null when the data is absent, has no `time` item (label compared case-insensitively), or its
 * value is not a non-negative number in one of those units.
 */
export function responseTimeSeconds(perfData: string | null, label = 'time'): number | null {
  if (!perfData) return null;
  const wanted = label.toLowerCase();
  const raw = [...parsePerfData(perfData)].find(([key]) => key.toLowerCase() === wanted)?.[1];
  if (raw === undefined) return null;
  const match = /^(\d+(?:\.\d*)?|\.\d+)([a-zµ]*)$/i.exec(raw);
  if (!match) return null;
  const factor = UNIT_TO_SECONDS[match[2].toLowerCase()];
  return factor === undefined ? null : Number(match[1]) * factor;
}

export interface ResponseTimeSummary {
  max: number | null;
  /** Nearest-rank 95th percentile: the ceil(0.95 n)-th smallest sample. */
  p95: number | null;
  mean: number | null;
  samples: number;
}

/** Max, nearest-rank p95 and mean of response times in seconds; non-finite values are ignored. */
export function summariseResponseTimes(seconds: readonly number[]): ResponseTimeSummary {
  const sorted = seconds.filter((s) => Number.isFinite(s)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { max: null, p95: null, mean: null, samples: 0 };
  const sum = sorted.reduce((acc, s) => acc + s, 0);
  return { max: sorted[n - 1], p95: sorted[Math.ceil((95 * n) / 100) - 1], mean: sum / n, samples: n };
}
