import { DomainError } from '@app/common';

import type { BulkResultKind } from './bulk.dto';

export interface BulkOutcome {
  result: BulkResultKind;
  reason?: string;
  code?: string;
}

/**
 * How one ticket's refusal is reported in a bulk answer: a workflow refusal or a stale version is
 * a conflict (what a single action answers with 409), a missing ticket notFound, input this ticket
 * cannot take (a requester without e-mail for an answer) invalid. Anything else is not the
 * ticket's fault and is rethrown (null).
 */
export function bulkOutcome(error: unknown): BulkOutcome | null {
  if (!(error instanceof DomainError)) return null;
  switch (error.code) {
    case 'CONFLICT':
    case 'VERSION_CONFLICT':
      return { result: 'conflict', reason: error.message, code: error.code };
    case 'NOT_FOUND':
      return { result: 'notFound', reason: error.message, code: error.code };
    case 'VALIDATION':
      return { result: 'invalid', reason: error.message, code: error.code };
    case 'FORBIDDEN':
    case 'RATE_LIMITED':
    case 'UNAUTHENTICATED':
    case 'UNAVAILABLE':
      return null;
  }
}

export function bulkSummary(results: readonly { result: BulkResultKind }[]): Record<BulkResultKind, number> {
  const summary: Record<BulkResultKind, number> = { ok: 0, conflict: 0, notFound: 0, invalid: 0 };
  for (const r of results) summary[r.result] += 1;
  return summary;
}
