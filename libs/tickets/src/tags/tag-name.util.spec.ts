import { diffTags, normaliseTag } from './tag-name.util';

describe('normaliseTag', () => {
  it.each<[string, string | null]>([
    ['stampanti', 'stampanti'],
    ['  Rete Comunale ', 'rete-comunale'],
    ['PEC', 'pec'],
    ['anagrafe_2026', 'anagrafe_2026'],
    ['Università', 'università'],
    ['', null],
    ['   ', null],
    ['-iniziale', null],
    ['con/barra', null],
    ['x'.repeat(50), 'x'.repeat(50)],
    ['x'.repeat(51), null],
  ])('%j -> %j', (raw, expected) => {
    expect(normaliseTag(raw)).toBe(expected);
  });
});

describe('diffTags', () => {
  it.each<[string, string[], string[], string[], { added: string[]; removed: string[]; next: string[] }]>([
    [
      'adds new tags, sorted',
      ['pec'],
      ['rete', 'anagrafe'],
      [],
      { added: ['anagrafe', 'rete'], removed: [], next: ['anagrafe', 'pec', 'rete'] },
    ],
    ['ignores a tag already there', ['pec'], ['pec'], [], { added: [], removed: [], next: ['pec'] }],
    ['removes a tag it has', ['pec', 'rete'], [], ['rete'], { added: [], removed: ['rete'], next: ['pec'] }],
    ['ignores removing a tag it has not', ['pec'], [], ['rete'], { added: [], removed: [], next: ['pec'] }],
    [
      'added and removed at once: removed',
      ['pec'],
      ['rete'],
      ['rete'],
      { added: [], removed: [], next: ['pec'] },
    ],
    [
      'duplicates in the request count once',
      [],
      ['pec', 'pec'],
      [],
      { added: ['pec'], removed: [], next: ['pec'] },
    ],
  ])('%s', (_, current, add, remove, expected) => {
    expect(diffTags(current, add, remove)).toEqual(expected);
  });
});
