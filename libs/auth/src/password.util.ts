import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** Algorithm.Argon2id of @node-rs/argon2 (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2;

/** argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended floor. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a throwaway password, verified when the user does not exist so timing tells nothing. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('decoy-password-never-used');
  return decoy;
}

/**
 * zxcvbn-ts with its common dictionary: the most used passwords of public leaks, common names and
 * words, keyboard walks. Built once (the dictionaries take a few milliseconds to index).
 */
let strength: ZxcvbnFactory | null = null;
const estimator = () => (strength ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

/** zxcvbn's "safely unguessable" floor: about 10^8 guesses or more. */
const MIN_SCORE = 3;

/** A refused password: the bilingual reason, and a stable code (with figures) for the UI to translate. */
export interface PasswordRefusal {
  reason: string;
  code: 'passwordBlank' | 'passwordTooShort' | 'passwordTooLong' | 'passwordRepeated' | 'passwordCommon';
  params?: Record<string, number>;
}

/**
 * Why a new password is refused (null when it is acceptable): at least 12 characters, not blank,
 * not one character or pattern repeated, not a common or easily guessed password. Length beats
 * character classes, so there are none of those.
 */
export function passwordRefusal(password: string): PasswordRefusal | null {
  if (password.trim() === '')
    return { code: 'passwordBlank', reason: 'non può essere vuota / must not be blank' };
  if (password.length < 12) {
    return {
      code: 'passwordTooShort',
      reason: 'almeno 12 caratteri / at least 12 characters',
      params: { min: 12 },
    };
  }
  if (password.length > 200) {
    return {
      code: 'passwordTooLong',
      reason: 'al massimo 200 caratteri / at most 200 characters',
      params: { max: 200 },
    };
  }
  if (new Set(password).size === 1) {
    return { code: 'passwordRepeated', reason: 'un solo carattere ripetuto / one repeated character' };
  }
  const result = estimator().check(password);
  if (result.score >= MIN_SCORE) return null;
  if (result.sequence.some((match) => match.pattern === 'repeat')) {
    return {
      code: 'passwordRepeated',
      reason: 'caratteri o sequenze ripetuti / repeated characters or sequences',
    };
  }
  return {
    code: 'passwordCommon',
    reason: 'password troppo comune o facile da indovinare / password too common or easy to guess',
  };
}

/** The reason alone, in words the refusal names (null when the password is acceptable). */
export function passwordProblem(password: string): string | null {
  return passwordRefusal(password)?.reason ?? null;
}
