import { acceptedRequestId, maskEmails, pathOnly } from './log-privacy';

describe('log privacy', () => {
  it.each([
    [
      'Created the first admin mario.rossi@comune.fiesole.fi.it',
      'Created the first admin ma***@comune.fiesole.fi.it',
    ],
    ['550 5.1.1 <a@b.it>: user unknown', '550 5.1.1 <a***@b.it>: user unknown'],
    ['two: x.y@a.com, zz@b.org', 'two: x.***@a.com, zz***@b.org'],
    ['no address here @ all', 'no address here @ all'],
  ])('masks addresses in %j', (input, expected) => {
    expect(maskEmails(input)).toBe(expected);
  });

  it('logs the path without the query (search text names people)', () => {
    expect(pathOnly('/api/tickets?q=Mario%20Rossi&limit=5')).toBe('/api/tickets');
    expect(pathOnly(undefined)).toBe('');
  });

  it.each([
    ['3f1c2a9e-8d1b-4c2f-9a51-0c6c1e2b7d10', '3f1c2a9e-8d1b-4c2f-9a51-0c6c1e2b7d10'],
    [['lb-0001-abcdef', 'x'], 'lb-0001-abcdef'],
    ['short', null],
    ['has spaces in it', null],
    ['<script>alert(1)</script>', null],
    [undefined, null],
  ])('accepts a request id %j as %j', (header, expected) => {
    expect(acceptedRequestId(header as string | string[] | undefined)).toBe(expected);
  });
});
