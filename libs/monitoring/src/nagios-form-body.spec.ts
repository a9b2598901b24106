import { parseNagiosForm } from './nagios-form-body';

describe('parseNagiosForm', () => {
  it('decodes curl --data-urlencode fields byte-exactly, UTF-8 or Windows-1252 per value', () => {
    const body = Buffer.from(
      'type=PROBLEM&output=C%3A%5C+-+total+%22x%22+it%27s+%24HOME&utf8=citt%C3%A0&latin=citt%E0+%80&empty=&bare',
      'latin1',
    );
    expect(parseNagiosForm(body)).toEqual({
      type: 'PROBLEM',
      output: `C:\\ - total "x" it's $HOME`,
      utf8: 'città',
      latin: 'città €',
      empty: '',
      bare: '',
    });
  });

  it('keeps a stray % and gives the last of repeated fields; never touches a prototype', () => {
    const fields = parseNagiosForm(Buffer.from('a=100%&a=2&__proto__=x&constructor=y'));
    expect(fields.a).toBe('2');
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(parseNagiosForm(Buffer.from('x=100%25%'))).toEqual({ x: '100%%' });
  });
});
