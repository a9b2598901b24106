import { createHash } from 'node:crypto';

/**
 * A contact's stable pseudonym: derived from its random id, so the same person keeps the same
 * pseudonym across runs and replicas, and nothing about the person can be read back from it.
 * PSEUDONYM_SQL computes the same in the database for batch updates.
 */
export function contactPseudonym(contactId: string): { name: string; email: string } {
  const hex = createHash('sha256').update(contactId).digest('hex');
  return {
    name: `Anonimo ${hex.slice(0, 8).toUpperCase()}`,
    email: `anonimo-${hex.slice(0, 16)}@anonimizzato.invalid`,
  };
}

const HEX = `encode(sha256(convert_to(c.id::text, 'UTF8')), 'hex')`;
export const PSEUDONYM_SQL = {
  name: `'Anonimo ' || upper(substr(${HEX}, 1, 8))`,
  email: `'anonimo-' || substr(${HEX}, 1, 16) || '@anonimizzato.invalid'`,
};

/** What replaces a ticket's subject: the same text for every ticket, so nothing is left to match. */
export const ANONYMISED_SUBJECT = '[anonimizzato / anonymised]';
