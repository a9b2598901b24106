import { mintFollowToken, readFollowToken } from './follow-link.util';

describe('follow link tokens', () => {
  const key = Buffer.alloc(32, 1);
  const ticketId = '0b6f4c1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b';
  const at = new Date('2026-12-05T10:00:00Z');

  it('carries the ticket and the issue instant, signed', () => {
    const token = mintFollowToken(key, ticketId, at);
    expect(token).toMatch(/^[A-Za-z0-9_-]{50}$/);
    expect(readFollowToken(key, token)).toEqual({ ticketId, issuedAt: at });
  });

  it('refuses another key, any changed character, and malformed input', () => {
    const token = mintFollowToken(key, ticketId, at);
    expect(readFollowToken(Buffer.alloc(32, 2), token)).toBeNull();
    for (let i = 0; i < token.length; i += 7) {
      const changed = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      expect(readFollowToken(key, changed)).toBeNull();
    }
    expect(readFollowToken(key, '')).toBeNull();
    expect(readFollowToken(key, token + 'A')).toBeNull();
    expect(readFollowToken(key, '../'.repeat(17))).toBeNull();
  });
});
