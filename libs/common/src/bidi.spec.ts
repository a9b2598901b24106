import { neutraliseBidi } from './bidi';

describe('neutraliseBidi', () => {
  it('replaces every embedding, override and isolate control, and keeps other text', () => {
    expect(neutraliseBidi('fattura\u202efdp.exe')).toBe('fattura_fdp.exe');
    expect(neutraliseBidi('\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069')).toBe('_________');
    expect(neutraliseBidi('relazione è pronta.pdf')).toBe('relazione è pronta.pdf');
  });
});
