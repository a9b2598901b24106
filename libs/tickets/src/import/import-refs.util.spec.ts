import { chunks, counterFloors, enteCode, enteKey, phoneKey, splitExisting } from './import-refs.util';
import type { ImportRow } from './ticket-import.types';

describe('enteKey', () => {
  it.each([
    ['Comune di Vinci', 'comune di vinci'],
    ['  COMUNE  di\tVinci ', 'comune di vinci'],
    ['FIESOLE', 'fiesole'],
    ['Città Metropolitana', 'città metropolitana'],
  ])('%j -> %j', (text, key) => expect(enteKey(text)).toBe(key));
});

describe('enteCode', () => {
  it.each<[string, string[], string]>([
    ['Comune di Vinci', [], 'COMUNE-DI-VINCI'],
    ["Comune di Rignano sull'Arno", [], 'COMUNE-DI-RIGNANO-SULL-ARNO'],
    ['Città Metropolitana di Firenze', [], 'CITTA-METROPOLITANA-DI-FIRENZE'],
    ['  Unione (Mugello)  ', [], 'UNIONE-MUGELLO'],
    ['Vinci', ['VINCI'], 'VINCI-2'],
    ['Vinci', ['VINCI', 'VINCI-2'], 'VINCI-3'],
    ['???', [], 'ENTE'],
  ])('%j (taken %j) -> %s', (name, taken, code) => expect(enteCode(name, new Set(taken))).toBe(code));
});

describe('phoneKey', () => {
  it.each([
    ['055 1234567', '0551234567'],
    ['+39 055 1234567', '0551234567'],
    ['0039 055-123.45.67', '0551234567'],
    ['+41 22 1234567', '+41221234567'],
    ['n/d', null],
    [null, null],
  ])('%j -> %j', (phone, key) => expect(phoneKey(phone)).toBe(key));
});

describe('counterFloors', () => {
  it('keeps the highest sequence per number year', () => {
    expect([...counterFloors(['2017-000005', '2017-000123', '2016-000400', '2017-000099'])]).toEqual([
      [2017, 123],
      [2016, 400],
    ]);
  });
});

describe('chunks', () => {
  it.each<[number, number, number[]]>([
    [0, 500, []],
    [5, 2, [2, 2, 1]],
    [1000, 500, [500, 500]],
    [5495, 500, [...Array(10).fill(500), 495]],
  ])('%i items by %i', (count, size, lengths) => {
    expect(chunks([...Array(count).keys()], size).map((c) => c.length)).toEqual(lengths);
  });
});

describe('splitExisting', () => {
  const row = (number: string, receivedAt: string, line: number) =>
    ({ number, receivedAt: new Date(receivedAt), line }) as ImportRow;
  const rows = [
    row('2017-000001', '2017-01-02T08:00:00Z', 2),
    row('2017-000002', '2017-01-02T09:00:00Z', 3),
    row('2017-000003', '2017-01-02T10:00:00Z', 4),
  ];

  it.each<[string, [string, string][], string[], number, number[]]>([
    ['nothing there yet', [], ['2017-000001', '2017-000002', '2017-000003'], 0, []],
    [
      'an earlier run of the same file',
      [
        ['2017-000001', '2017-01-02T08:00:00Z'],
        ['2017-000002', '2017-01-02T09:00:00.000+00:00'],
      ],
      ['2017-000003'],
      2,
      [],
    ],
    [
      'a number the help desk gave to another ticket',
      [['2017-000002', '2017-05-01T08:00:00Z']],
      ['2017-000001', '2017-000003'],
      0,
      [3],
    ],
  ])('%s', (_name, existing, pending, skipped, problemLines) => {
    const result = splitExisting(rows, new Map(existing.map(([n, at]) => [n, new Date(at)])));
    expect(result.pending.map((r) => r.number)).toEqual(pending);
    expect(result.skipped).toBe(skipped);
    expect(result.problems.map((p) => p.line)).toEqual(problemLines);
    for (const p of result.problems) {
      expect(p).toMatchObject({
        column: 'number',
        reason: expect.stringContaining('already used by another ticket'),
      });
    }
  });
});
