/** Codes the HTTP layer maps to statuses in one place (DomainErrorFilter). */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'VERSION_CONFLICT'
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE';

export interface FieldProblem {
  field: string;
  /** Said to a person reading the answer (Italian / English). */
  reason: string;
  /**
   * What is wrong, stable for clients to translate: the validator's name (maxLength, isEmail,
   * isUuid...) or a named rule (notBlank, phone, future, tooOld).
   */
  code?: string;
  /** The rule's figures (max, min, values, hours), for the translated text. */
  params?: Record<string, unknown>;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: { fields?: FieldProblem[]; [key: string]: unknown },
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${id} non trovato / not found`);
  }
}

/** The current state forbids the action (e.g. taking charge of a resolved ticket). */
export class ConflictError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('CONFLICT', message, details);
  }
}

/** Someone else changed the record since the caller read it. */
export class VersionConflictError extends DomainError {
  constructor(expected: number, actual?: number) {
    super(
      'VERSION_CONFLICT',
      'Il ticket è stato modificato da un altro utente: ricaricalo / The ticket was changed by someone else: reload it',
      { expectedVersion: expected, currentVersion: actual },
    );
  }
}

export class ValidationError extends DomainError {
  constructor(fields: FieldProblem[]) {
    super('VALIDATION', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), { fields });
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Autenticazione richiesta / Authentication required') {
    super('UNAUTHENTICATED', message);
  }
}

/** Authenticated, but the role does not allow the action. */
export class ForbiddenError extends DomainError {
  constructor(message = 'Operazione non consentita al tuo ruolo / Your role does not allow this') {
    super('FORBIDDEN', message);
  }
}

/** Too many attempts: refused without doing the work (a sign-in burst, a locked account). */
export class RateLimitedError extends DomainError {
  constructor(message: string, retryAfterSeconds?: number) {
    super('RATE_LIMITED', message, retryAfterSeconds ? { retryAfterSeconds } : undefined);
  }
}
