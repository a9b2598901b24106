import { parsePerfData, responseTimeSeconds, summariseResponseTimes } from './perf-data.util';

describe('responseTimeSeconds', () => {
  it.each<[string | null, number | null]>([
    ['time=0.007s;1.0;2.0;0.0 size=12345B;;;0', 0.007],
    ['size=12345B;;;0 time=0.007s;1.0;2.0;0.0', 0.007],
    ['time=7ms;;;', 0.007],
    ['time=7000us', 0.007],
    ['time=7000µs', 0.007],
    ['time=2', 2],
    ['time=.5s', 0.5],
    ['TIME=3S', 3],
    ["'time'=0.25s", 0.25],
    ["'load avg'=3 time=1s", 1],
    ['time=1.5ms time=9s', 0.0015],
    ['size=12345B;;;0', null],
    ['time=5B', null],
    ['time=abc', null],
    ['time=-1s', null],
    ['time=', null],
    ['', null],
    [null, null],
  ])('%p -> %p', (perfData, expected) => {
    const actual = responseTimeSeconds(perfData);
    if (expected === null) expect(actual).toBeNull();
    else expect(actual).toBeCloseTo(expected, 12);
  });

  it('reads another label when asked', () => {
    expect(responseTimeSeconds('rta=1.234ms;100;500;0 pl=0%;20;60;0', 'rta')).toBeCloseTo(0.001234, 12);
  });

  it('splits quoted labels with spaces and doubled quotes', () => {
    expect(parsePerfData("'a b'=1 'it''s'=2;3 c=4")).toEqual(
      new Map([
        ['a b', '1'],
        ["it's", '2'],
        ['c', '4'],
      ]),
    );
  });
});

describe('summariseResponseTimes', () => {
  const twenty = Array.from({ length: 20 }, (_, i) => (i + 1) / 1000); // 0.001 .. 0.020
  it.each<[string, number[], ReturnType<typeof summariseResponseTimes>]>([
    ['empty', [], { max: null, p95: null, mean: null, samples: 0 }],
    ['one sample', [0.004], { max: 0.004, p95: 0.004, mean: 0.004, samples: 1 }],
    ['unsorted', [3, 1, 2], { max: 3, p95: 3, mean: 2, samples: 3 }],
    ['20 samples: rank 19', twenty, { max: 0.02, p95: 0.019, mean: 0.0105, samples: 20 }],
    [
      '21 samples: rank ceil(19.95) = 20',
      [...twenty, 1],
      { max: 1, p95: 0.02, mean: 1.21 / 21, samples: 21 },
    ],
    ['non-finite ignored', [1, Number.NaN, Infinity, 3], { max: 3, p95: 3, mean: 2, samples: 2 }],
  ])('%s', (_name, input, expected) => {
    const actual = summariseResponseTimes(input);
    expect(actual.samples).toBe(expected.samples);
    expect(actual.max).toBe(expected.max);
    expect(actual.p95).toBe(expected.p95);
    if (expected.mean === null) expect(actual.mean).toBeNull();
    else expect(actual.mean).toBeCloseTo(expected.mean, 12);
  });

  it('does not reorder the caller array', () => {
    const input = [3, 1, 2];
    summariseResponseTimes(input);
    expect(input).toEqual([3, 1, 2]);
  });
});
