/*
 * The line every benchmark prints per figure for `npm run bench` to collect:
 *   BENCH_RESULT {"bench":"api","figure":"...","value":12.3,"unit":"ms","baseline":4.5,...}
 * The human table each benchmark prints stays as it was; this line is the machine-readable copy.
 */
export const RESULT_PREFIX = 'BENCH_RESULT ';

export interface BenchFigure {
  /** The benchmark it comes from (calendar, ingest, reports, api, sweeper). */
  bench: string;
  figure: string;
  value: number;
  unit: string;
  /** The floor or naive implementation measured in the same run, in the same unit. */
  baseline: number;
  baselineLabel: string;
  /** Whether a lower value is better (times) or a higher one (rates). */
  better: 'lower' | 'higher';
  /** Anything else worth keeping (targets, counts, errors). */
  details?: Record<string, unknown>;
}

export function printResult(figure: BenchFigure): void {
  console.log(`${RESULT_PREFIX}${JSON.stringify({ ...figure, ratio: figure.value / figure.baseline })}`);
}
