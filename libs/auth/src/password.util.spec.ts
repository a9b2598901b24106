import { passwordProblem } from './password.util';

describe('passwordProblem', () => {
  it.each([
    ['twelve spaces', ' '.repeat(12), /vuota.*blank/],
    ['an empty string', '', /blank/],
    ['one repeated character', 'a'.repeat(16), /repeated/],
    ['a repeated pattern', 'abcabcabcabc', /repeated/],
    ['a leaked common password', 'password1234', /common/],
    ['a keyboard walk', 'qwertyuiop12', /common/],
    ['a common word with a symbol', 'Password123!', /common/],
    ['a short one', 'Xk9#q', /12/],
  ])('refuses %s, naming the reason in Italian and English', (_name, password, reason) => {
    const problem = passwordProblem(password);
    expect(problem).toMatch(reason);
    expect(problem).toContain(' / ');
  });

  it.each(['una-password-lunga-2026', 'corretto-cavallo-batteria', 'Vn3#pL9x!qR2'])(
    'accepts a long, uncommon password (%s)',
    (password) => expect(passwordProblem(password)).toBeNull(),
  );
});
