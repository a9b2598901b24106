import { firstAboveWithin, firstAtOrAboveWithin } from './sorted-search.util';
import { YearTable } from './year-table.builder';

/**
 * The open intervals of a run of consecutive years in one flat table, with the open time before each
 * interval's end counted from the run's first instant. Business time between two instants of the run is
 * then a difference of two prefix sums and a deadline is one search of the prefix sums, whatever the
 * number of year boundaries in between: the arithmetic the hot path of BusinessCalendar runs.
 *
 * Open milliseconds are whole numbers far below 2^53 (8,417 years of 24x7 are under 3e14), so the sums
 * and their differences are exact and the answers equal those computed year by year.
 *
 * Both searches start from a bucket instead of bisecting the whole run: the run's instants, and its open
 * time, are cut into equal buckets of about one interval each, and each bucket records the first interval
 * the answer can be. A query divides to find its bucket and bisects the few intervals left (usually none
 * or one), which is what takes the searches from a dozen unpredictable steps to one or two.
 */
export class OpenTimeIndex {
  /** No years: `start === end`, so no instant is inside. */
  static readonly EMPTY = new OpenTimeIndex(0, -1, 0, 0, [], 0);

  /** Open intervals of every year, sorted, disjoint, each of positive length. */
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  /** Open milliseconds from `start` up to `ends[i]`: strictly increasing. */
  private readonly cumulativeEnd: Float64Array;
  /** Open milliseconds in `[start, end)`. */
  readonly totalOpenMs: number;
  /** Bucket `k` holds the instants `start + [k, k + 1) * instantBucketMs`. */
  private readonly instantBucketMs: number;
  /** How many intervals end at or before the start of bucket `k`; one more entry than buckets. */
  private readonly intervalsEndedBeforeBucket: Int32Array;
  /** Bucket `k` holds the open time `[k, k + 1) * openBucketMs`. */
  private readonly openBucketMs: number;
  /** How many intervals end with less open time than the start of bucket `k`; one more entry than buckets. */
  private readonly intervalsEndingBelowBucket: Int32Array;

  private constructor(
    readonly firstYear: number,
    readonly lastYear: number,
    /** The run holds the instants `[start, end)`. */
    readonly start: number,
    readonly end: number,
    tables: readonly YearTable[],
    intervalCount: number,
  ) {
    this.starts = new Float64Array(intervalCount);
    this.ends = new Float64Array(intervalCount);
    this.cumulativeEnd = new Float64Array(intervalCount);
    let offset = 0;
    let openBefore = 0;
    for (const table of tables) {
      this.starts.set(table.starts, offset);
      this.ends.set(table.ends, offset);
      for (let i = 0; i < table.cumulativeEnd.length; i++) {
        this.cumulativeEnd[offset + i] = openBefore + table.cumulativeEnd[i];
      }
      offset += table.starts.length;
      openBefore += table.totalOpenMs;
    }
    this.totalOpenMs = openBefore;

    const perInterval = Math.max(1, intervalCount);
    this.instantBucketMs = Math.max(1, Math.ceil((end - start) / perInterval));
    this.intervalsEndedBeforeBucket = countPerBucket(
      this.ends,
      end - start,
      this.instantBucketMs,
      start,
      true,
    );
    this.openBucketMs = Math.max(1, Math.ceil(openBefore / perInterval));
    this.intervalsEndingBelowBucket = countPerBucket(
      this.cumulativeEnd,
      openBefore,
      this.openBucketMs,
      0,
      false,
    );
  }

  /** `tables` are consecutive years, in order. */
  static of(tables: readonly YearTable[]): OpenTimeIndex {
    if (tables.length === 0) return OpenTimeIndex.EMPTY;
    const first = tables[0];
    const last = tables[tables.length - 1];
    const intervalCount = tables.reduce((count, table) => count + table.starts.length, 0);
    return new OpenTimeIndex(first.year, last.year, first.start, last.end, tables, intervalCount);
  }

  /** Open milliseconds in `[start, t)`, for `start <= t <= end`. */
  openMsBefore(t: number): number {
    // Integers below 2^53: the quotient's floor is exact, so t is in bucket k.
    const k = Math.floor((t - this.start) / this.instantBucketMs);
    const buckets = this.intervalsEndedBeforeBucket;
    // The first interval still open after t: those before buckets[k] ended by the bucket's start, so by t,
    // and those from buckets[k + 1] on end after the next bucket's start, so after t.
    const i = firstAboveWithin(this.ends, t, buckets[k], buckets[k + 1]);
    if (i === this.ends.length) return this.totalOpenMs;
    const end = this.ends[i];
    return this.cumulativeEnd[i] - (end - Math.max(t, this.starts[i]));
  }

  /**
   * The earliest instant with `openMs` open milliseconds before it, for `0 < openMs <= totalOpenMs`.
   * The first interval whose end reaches `openMs` holds it, so a count that uses up an interval ends at
   * its closing rather than at the next opening.
   */
  instantAfterOpenMs(openMs: number): number {
    const k = Math.floor(openMs / this.openBucketMs);
    const buckets = this.intervalsEndingBelowBucket;
    const i = firstAtOrAboveWithin(this.cumulativeEnd, openMs, buckets[k], buckets[k + 1]);
    return this.ends[i] - (this.cumulativeEnd[i] - openMs);
  }
}

/**
 * For buckets of `bucketSize` from `origin` covering `[origin, origin + span]`, how many `sorted` entries
 * lie before each bucket's start (`<=` it when `inclusive`, `<` otherwise), ending with `sorted.length`.
 */
function countPerBucket(
  sorted: Float64Array,
  span: number,
  bucketSize: number,
  origin: number,
  inclusive: boolean,
): Int32Array {
  const bucketCount = Math.floor(span / bucketSize) + 1;
  const counts = new Int32Array(bucketCount + 1);
  let count = 0;
  for (let k = 0; k < bucketCount; k++) {
    const bucketStart = origin + k * bucketSize;
    while (count < sorted.length && (inclusive ? sorted[count] <= bucketStart : sorted[count] < bucketStart))
      count++;
    counts[k] = count;
  }
  counts[bucketCount] = sorted.length;
  return counts;
}
