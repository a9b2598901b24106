import { nulCharacterProblems, unusableTextProblems } from './nul-characters';

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

describe('unusableTextProblems', () => {
  it('names fields with a lone surrogate, in values and keys, but not a well-formed pair', () => {
    const problems = unusableTextProblems({
      requester: { email: 'mario\ud800@example.org' },
      cc: ['ok@example.org', '\udc00'],
      emoji: 'ok \ud83d\ude00',
      ['k\ud800']: 1,
    });
    expect(problems.map((p) => p.field)).toEqual(['requester.email', 'cc.1', 'k\\ud800']);
    expect(problems[0].reason).toContain('lone UTF-16 surrogate');
  });

  it('names dates that are not on the calendar, bare or with a time, and leaves real ones', () => {
    const problems = unusableTextProblems({
      from: '2025-02-30',
      to: '2024-02-29',
      at: '2025-02-29T10:00:00Z',
      zero: '0000-00-00',
      month: '2026-13-01T09:00:00+01:00',
      fine: '2026-12-31T23:59:59.999+01:00',
      text: 'Il 2025-02-30 non esiste',
    });
    expect(problems.map((p) => p.field)).toEqual(['from', 'at', 'zero', 'month']);
    expect(problems[0].reason).toContain('not a calendar date');
  });

  it('still finds NUL characters', () => {
    expect(unusableTextProblems({ a: 'x\u0000' }).map((p) => p.field)).toEqual(['a']);
  });
});
