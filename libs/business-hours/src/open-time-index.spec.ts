/*
 * The index on its own, on small synthetic years measured in single milliseconds, so that every instant
 * and every amount of open time of a run can be asked for: the bucket edges, which the calendars' minute
 * boundaries would rarely meet, are then all covered.
 */
import { OpenTimeIndex } from './open-time-index';
import { YearTable } from './year-table.builder';

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Only the fields the index reads; intervals may touch (as consecutive days of a 24x7 calendar do). */
function syntheticYear(year: number, start: number, rand: () => number): YearTable {
  const length = 5 + Math.floor(rand() * 200);
  const starts: number[] = [];
  const ends: number[] = [];
  const intervalChance = rand();
  for (let t = start + Math.floor(rand() * 3); t < start + length;) {
    const end = Math.min(start + length, t + 1 + Math.floor(rand() * 12));
    if (rand() < intervalChance) {
      starts.push(t);
      ends.push(end);
    }
    t = end + (rand() < 0.3 ? 0 : Math.floor(rand() * 15));
  }
  const cumulativeEnd = new Float64Array(starts.length);
  let total = 0;
  starts.forEach((s, i) => (cumulativeEnd[i] = total += ends[i] - s));
  return {
    year,
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    cumulativeEnd,
    totalOpenMs: total,
    start,
    end: start + length,
  } as Partial<YearTable> as YearTable;
}

function syntheticRun(seed: number): YearTable[] {
  const rand = mulberry32(seed);
  const tables: YearTable[] = [];
  let start = 1_700_000_000_000 + Math.floor(rand() * 1000);
  const years = 1 + Math.floor(rand() * 6);
  for (let year = 2020; year < 2020 + years; year++) {
    tables.push(syntheticYear(year, start, rand));
    start = tables[tables.length - 1].end;
  }
  return tables;
}

function naiveOpenMsBefore(tables: YearTable[], t: number): number {
  let ms = 0;
  for (const table of tables)
    table.starts.forEach((s, i) => (ms += Math.max(0, Math.min(table.ends[i], t) - s)));
  return ms;
}

function naiveInstantAfterOpenMs(tables: YearTable[], openMs: number): number {
  let remaining = openMs;
  for (const table of tables) {
    for (let i = 0; i < table.starts.length; i++) {
      const length = table.ends[i] - table.starts[i];
      if (length >= remaining) return table.starts[i] + remaining;
      remaining -= length;
    }
  }
  throw new Error(`no instant with ${openMs} open ms before it`);
}

describe('OpenTimeIndex against sums over the intervals', () => {
  it.each(Array.from({ length: 60 }, (_, i) => i + 1))(
    'every instant and every open millisecond of synthetic run #%i',
    (seed) => {
      const tables = syntheticRun(seed);
      const index = OpenTimeIndex.of(tables);
      const problems: string[] = [];
      expect(index.start).toBe(tables[0].start);
      expect(index.end).toBe(tables[tables.length - 1].end);
      expect(index.totalOpenMs).toBe(tables.reduce((sum, table) => sum + table.totalOpenMs, 0));
      for (let t = index.start; t <= index.end; t++) {
        const expected = naiveOpenMsBefore(tables, t);
        if (index.openMsBefore(t) !== expected)
          problems.push(
            `openMsBefore(start + ${t - index.start}): ${index.openMsBefore(t)}, expected ${expected}`,
          );
      }
      for (let ms = 1; ms <= index.totalOpenMs; ms++) {
        const expected = naiveInstantAfterOpenMs(tables, ms);
        if (index.instantAfterOpenMs(ms) !== expected)
          problems.push(
            `instantAfterOpenMs(${ms}): start + ${index.instantAfterOpenMs(ms) - index.start}, expected start + ${expected - index.start}`,
          );
      }
      expect(problems.slice(0, 5)).toEqual([]);
    },
  );

  it('holds no instant when it holds no years', () => {
    const empty = OpenTimeIndex.of([]);
    expect(empty.start).toBe(empty.end);
    expect(empty.totalOpenMs).toBe(0);
  });
});
