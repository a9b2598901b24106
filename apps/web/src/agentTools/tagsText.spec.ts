import type { TFunction } from 'i18next';

import { tagsChangedText } from './tagsText';

const t = ((key: string, values: { changes: string }) => `${key}|${values.changes}`) as unknown as TFunction;

describe('tagsChangedText', () => {
  it.each<[Record<string, unknown>, string]>([
    [{ added: ['pec', 'rete'], removed: [] }, '+pec, +rete'],
    [{ added: [], removed: ['stampanti'] }, '−stampanti'],
    [{ added: ['a'], removed: ['b'] }, '+a, −b'],
    [{}, ''],
  ])('%j', (payload, changes) => {
    expect(tagsChangedText(t, payload)).toBe(`agentToolsX.tags.event|${changes}`);
  });
});
