import { decodeBytes, isValidUtf8, resolveCharset, stripControlCharacters } from './charset.util';

describe('resolveCharset', () => {
  it.each([
    ['utf-8', 'utf-8'],
    ['"ISO-8859-1"', 'iso-8859-1'],
    ['iso-8859-8-i', 'iso-8859-8'],
    ['ks_c_5601-1987', 'euc-kr'],
    ['x-mac-cyrillic', 'x-mac-cyrillic'],
    ['unknown-8bit', 'windows-1252'],
    ['fakescii', null],
    ['NONE', null],
    ['', null],
    [undefined, null],
  ])('%j -> %j', (declared, expected) => {
    expect(resolveCharset(declared)).toBe(expected);
  });
});

describe('decodeBytes', () => {
  it.each([
    [Buffer.from('Citt\xe0', 'latin1'), 'iso-8859-1', 'Città'],
    [Buffer.from('\x80 10', 'latin1'), 'windows-1252', '€ 10'],
    [Buffer.from('test \xa4', 'latin1'), 'iso-8859-15', 'test €'],
    [Buffer.from('\xd4\xc5\xd3\xd4', 'latin1'), 'koi8-r', 'тест'],
    [Buffer.from('già', 'utf8'), 'fakescii', 'già'],
    [Buffer.from('gi\xe0', 'latin1'), 'fakescii', 'già'],
    [Buffer.from('gi\xe0', 'latin1'), 'us-ascii', 'già'],
    [Buffer.from('già', 'utf8'), undefined, 'già'],
  ])('%j as %s', (bytes, charset, expected) => {
    expect(decodeBytes(bytes, charset)).toBe(expected);
  });

  it('tells valid UTF-8 from legacy bytes', () => {
    expect(isValidUtf8(Buffer.from('perché', 'utf8'))).toBe(true);
    expect(isValidUtf8(Buffer.from('perch\xe9', 'latin1'))).toBe(false);
  });
});

describe('stripControlCharacters', () => {
  it('keeps tabs and line breaks, drops the rest', () => {
    expect(stripControlCharacters('a\u0000b\tc\r\nd\u001be\u007f')).toBe('ab\tc\r\nde');
  });
});
