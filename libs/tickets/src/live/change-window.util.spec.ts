import { newChanges, pruneSeen, TicketChange } from './change-window.util';

const change = (id: string, version: number): TicketChange => ({
  id,
  number: `2026-00000${id}`,
  status: 'new',
  version,
  enteId: null,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: `2026-11-23T10:00:0${version}.000Z`,
});

describe('newChanges', () => {
  it('reports each version of a ticket once across overlapping polls', () => {
    const seen = new Map<string, string>();
    expect(newChanges([change('1', 1), change('2', 1)], seen).map((c) => c.id)).toEqual(['1', '2']);
    expect(newChanges([change('1', 1), change('2', 2)], seen).map((c) => `${c.id}@${c.version}`)).toEqual([
      '2@2',
    ]);
    expect(newChanges([change('2', 2)], seen)).toEqual([]);
  });

  it('pruning keeps only the ids still in the window', () => {
    const seen = new Map([
      ['1', 'a'],
      ['2', 'b'],
    ]);
    pruneSeen(seen, new Set(['2']));
    expect([...seen.entries()]).toEqual([['2', 'b']]);
  });
});
