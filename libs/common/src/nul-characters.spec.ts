import { nulCharacterProblems } from './nul-characters';

describe('nulCharacterProblems', () => {
  it('names every field holding a NUL, nested and in arrays', () => {
    const problems = nulCharacterProblems({
      subject: 'ok',
      requester: { name: 'Ma\u0000rio', phone: '055' },
      cc: ['a@b.it', '\u0000'],
    });
    expect(problems.map((p) => p.field)).toEqual(['requester.name', 'cc.1']);
  });

  it('names a key that holds one, and a bare string body', () => {
    expect(nulCharacterProblems({ 'a\u0000': 1 }).map((p) => p.field)).toEqual(['a\\u0000']);
    expect(nulCharacterProblems('\u0000').map((p) => p.field)).toEqual(['body']);
  });

  it('finds nothing in clean input or in non-text values', () => {
    expect(nulCharacterProblems({ a: 'x', b: 1, c: null, d: [true, { e: 'f' }] })).toEqual([]);
    expect(nulCharacterProblems(undefined)).toEqual([]);
  });
});
