import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
} from '@app/common';

import { bulkOutcome, bulkSummary } from './bulk-outcome.util';

describe('bulkOutcome', () => {
  it.each<[string, unknown, string | null, string | undefined]>([
    ['a workflow refusal', new ConflictError('Presa in carico: già presa'), 'conflict', 'CONFLICT'],
    ['a stale version', new VersionConflictError(3, 4), 'conflict', 'VERSION_CONFLICT'],
    ['a missing ticket', new NotFoundError('Ticket', 'x'), 'notFound', 'NOT_FOUND'],
    [
      'input the ticket cannot take',
      new ValidationError([{ field: 'to', reason: 'no e-mail' }]),
      'invalid',
      'VALIDATION',
    ],
    ['a forbidden action', new ForbiddenError(), null, undefined],
    ['a bug', new TypeError('x is undefined'), null, undefined],
  ])('%s', (_, error, result, code) => {
    const outcome = bulkOutcome(error);
    expect(outcome?.result ?? null).toBe(result);
    expect(outcome?.code).toBe(code);
    if (outcome) expect(outcome.reason).toBe((error as Error).message);
  });

  it('counts each result', () => {
    expect(
      bulkSummary([{ result: 'ok' }, { result: 'ok' }, { result: 'conflict' }, { result: 'notFound' }]),
    ).toEqual({ ok: 2, conflict: 1, notFound: 1, invalid: 0 });
  });
});
