import { matchSuffix, normalisePhoneNumber } from './phone-number';

describe('normalisePhoneNumber', () => {
  it.each([
    ['055 2345678', '+390552345678'],
    ['0552345678', '+390552345678'],
    ['+39 055 2345678', '+390552345678'],
    ['0039 055 2345678', '+390552345678'],
    ['+39-055-234.56.78', '+390552345678'],
    ['(055) 2345678', '+390552345678'],
    ['347 1234567', '+393471234567'],
    ['+393471234567', '+393471234567'],
    ['00393471234567', '+393471234567'],
    ['+41 44 668 18 00', '+41446681800'],
  ])('%s is %s', (raw, e164) => {
    expect(normalisePhoneNumber(raw)).toEqual({ e164, extension: null });
  });

  it('keeps the extension apart from the number', () => {
    expect(normalisePhoneNumber('055 2345678 int. 12')).toEqual({ e164: '+390552345678', extension: '12' });
    expect(normalisePhoneNumber('+39 055 2345678 ext. 12')).toEqual({
      e164: '+390552345678',
      extension: '12',
    });
  });

  it.each(['201', 'anonymous', '', '   ', 'unknown', '12'])('%p has no E.164 form', (raw) => {
    expect(normalisePhoneNumber(raw).e164).toBeNull();
  });

  it('matches on the last seven digits whatever the format', () => {
    expect(matchSuffix('+390552345678')).toBe('2345678');
  });
});
