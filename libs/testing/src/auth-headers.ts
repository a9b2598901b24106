import { createHash, randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';

const signedIn = new Map<string, Record<string, string>>();

/**
 * Opens a real server-side session for a user straight in the database (skipping the password,
 * which the auth specs test on their own) and remembers the headers a browser would send:
 * the session cookie and the CSRF token.
 */
export async function openTestSession(
  dataSource: DataSource,
  userId: string,
): Promise<Record<string, string>> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  await dataSource.query(
    `INSERT INTO user_session (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`,
    [createHash('sha256').update(token).digest('hex'), userId, csrf],
  );
  const headers = { Cookie: `hd_session=${token}`, 'X-CSRF-Token': csrf };
  signedIn.set(userId, headers);
  return headers;
}

/** The headers of a user signed in by the fixtures (createUser signs every user in). */
export function authHeaders(user: string | { id: string }): Record<string, string> {
  const id = typeof user === 'string' ? user : user.id;
  const headers = signedIn.get(id);
  if (!headers) throw new Error(`User ${id} has no test session: create it with createUser()`);
  return headers;
}
