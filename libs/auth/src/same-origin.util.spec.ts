import { isCrossSite } from './same-origin.util';

describe('isCrossSite', () => {
  const host = 'helpdesk.cst.example';
  it.each([
    [{ host, 'sec-fetch-site': 'same-origin' }, false],
    [{ host, 'sec-fetch-site': 'none' }, false],
    [{ host, 'sec-fetch-site': 'cross-site', origin: `https://${host}` }, true],
    [{ host, 'sec-fetch-site': 'same-site' }, true],
    [{ host, origin: `https://${host}` }, false],
    [{ host: 'localhost:3000', origin: 'https://helpdesk.cst.example' }, false],
    [{ host, origin: 'https://evil.example' }, true],
    [{ host, origin: 'null' }, true],
    [{ host }, false],
  ])('%j -> %s', (headers, expected) => {
    expect(isCrossSite(headers, 'https://helpdesk.cst.example')).toBe(expected);
  });
});
