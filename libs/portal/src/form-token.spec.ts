import { formTokenIssuedAt, issueFormToken } from './form-token';

describe('form token', () => {
  const secret = Buffer.alloc(32, 7);
  const now = new Date('2026-12-05T10:00:00Z');

  it('gives back when the form was served', () => {
    expect(formTokenIssuedAt(secret, issueFormToken(secret, now), new Date(now.getTime() + 5000))).toEqual(
      now,
    );
  });

  it('refuses a token signed with another secret, altered, malformed or from the future', () => {
    const token = issueFormToken(secret, now);
    expect(formTokenIssuedAt(Buffer.alloc(32, 8), token, now)).toBeNull();
    const [issued, mac] = token.split('.');
    expect(formTokenIssuedAt(secret, `${Number(issued) - 100}.${mac}`, now)).toBeNull();
    expect(formTokenIssuedAt(secret, '', now)).toBeNull();
    expect(formTokenIssuedAt(secret, 'abc.def', now)).toBeNull();
    const future = issueFormToken(secret, new Date(now.getTime() + 3_600_000));
    expect(formTokenIssuedAt(secret, future, now)).toBeNull();
  });
});
