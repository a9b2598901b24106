import { formTokenSecret, issueFormToken } from '@app/portal/form-token';

/**
 * The token of a public request form served at `servedAt` by an api whose SECRETS_KEY is
 * `secretsKey` (by default ten seconds ago: past the minimum fill time).
 */
export function publicFormToken(secretsKey: string, servedAt = new Date(Date.now() - 10_000)): string {
  return issueFormToken(formTokenSecret(secretsKey), servedAt);
}
