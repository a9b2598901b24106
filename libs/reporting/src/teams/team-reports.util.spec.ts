import type { EscalationRow, PerformanceRow } from './team-reports.repository';
import { buildPerformance, mergedNote } from './team-reports.util';

const row = (month: string | null, key: string, over: Partial<PerformanceRow> = {}): PerformanceRow => ({
  month,
  key,
  handled: 0,
  resolved: 0,
  takeChargeCount: 0,
  takeChargeMedian: null,
  takeChargeP95: null,
  answerCount: 0,
  answerMedian: null,
  answerP95: null,
  breaches: 0,
  ...over,
});
const move = (
  month: string,
  fromTeam: string | null,
  toTeam: string | null,
  actorId: string,
  n = 1,
): EscalationRow => ({
  month,
  fromTeam,
  toTeam,
  actorId,
  n,
});
const names = new Map([
  ['a', 'Alfa'],
  ['b', 'Beta'],
  ['u', 'Ugo'],
]);

describe('buildPerformance', () => {
  it.each<[string, number, number, number | null]>([
    ['two of three', 3, 2, 66.7],
    ['all', 4, 4, 100],
    ['none handled', 0, 0, null],
    ['one of eight', 8, 1, 12.5],
  ])('resolved percentage: %s', (_, handled, resolved, pct) => {
    const { rows } = buildPerformance('team', [row('2025-01', 'a', { handled, resolved })], [], names);
    expect(rows[0].resolvedPct).toBe(pct);
  });

  it('rounds business minutes to whole minutes and names the line without a key', () => {
    const { rows } = buildPerformance(
      'agent',
      [row('2025-01', '-', { handled: 1, takeChargeCount: 1, takeChargeMedian: 12.4, takeChargeP95: 12.6 })],
      [],
      names,
    );
    expect(rows[0]).toMatchObject({ id: null, name: 'Non assegnati / Unassigned' });
    expect(rows[0].takeCharge).toEqual({ count: 1, medianMinutes: 12, p95Minutes: 13 });
  });

  it('counts team changes into and out of each team, per month and in the totals', () => {
    const { rows, totals } = buildPerformance(
      'team',
      [row('2025-01', 'a', { handled: 2 }), row(null, 'a', { handled: 2 })],
      [move('2025-01', 'a', 'b', 'u', 2), move('2025-02', null, 'a', 'u')],
      names,
    );
    expect(rows.map((l) => [l.month, l.name, l.handled, l.escalationsIn, l.escalationsOut])).toEqual([
      ['2025-01', 'Alfa', 2, 0, 2],
      ['2025-01', 'Beta', 0, 2, 0],
      ['2025-02', 'Alfa', 0, 1, 0],
      ['2025-02', 'Nessun team / No team', 0, 0, 1],
    ]);
    expect(totals.map((l) => [l.name, l.handled, l.escalationsIn, l.escalationsOut])).toEqual([
      ['Alfa', 2, 1, 2],
      ['Beta', 0, 2, 0],
      ['Nessun team / No team', 0, 0, 1],
    ]);
  });

  it('by agent, a team filter keeps only the moves that touched that team', () => {
    const { totals } = buildPerformance(
      'agent',
      [],
      [move('2025-01', 'a', 'b', 'u'), move('2025-01', 'x', 'y', 'u')],
      names,
      'b',
    );
    expect(totals.map((l) => [l.name, l.escalationsIn])).toEqual([['Ugo', 1]]);
  });
});

describe('mergedNote', () => {
  it('says in both languages how many were left out and where they are counted', () => {
    const note = mergedNote(3);
    expect(note).toMatchObject({ code: 'mergedExcluded', count: 3 });
    expect(note.it).toContain('(3 nel periodo)');
    expect(note.en).toContain('counted once, in the ticket they were merged into');
  });
});
