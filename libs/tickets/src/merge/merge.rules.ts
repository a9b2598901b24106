import { ConflictError, ValidationError } from '@app/common';

import type { TicketStatus } from '../entities';
import { isResolved } from '../workflow/ticket-workflow';

/** What the merge rules read of each ticket. */
export interface MergeSide {
  id: string;
  number: string;
  status: TicketStatus;
  requesterId: string | null;
  mergedIntoId: string | null;
}

/**
 * Whether `duplicate` may be merged into `target` (issue 19.7). A wrong choice of target (itself,
 * another requester's ticket) is the request's fault: 400 on `targetId`. A state that forbids it
 * (already merged, resolved) may change: 409 saying which ticket and why.
 */
export function checkMerge(duplicate: MergeSide, target: MergeSide): void {
  if (duplicate.id === target.id) {
    throw new ValidationError([
      {
        field: 'targetId',
        reason: 'un ticket non si unisce a sé stesso / a ticket cannot be merged into itself',
        code: 'self',
      },
    ]);
  }
  if (!duplicate.requesterId || duplicate.requesterId !== target.requesterId) {
    throw new ValidationError([
      {
        field: 'targetId',
        reason:
          'si uniscono solo ticket dello stesso richiedente / only tickets of the same requester can be merged',
        code: 'otherRequester',
      },
    ]);
  }
  if (duplicate.mergedIntoId) {
    throw new ConflictError(
      `Il ticket ${duplicate.number} è già stato unito a un altro / Ticket ${duplicate.number} is already merged into another`,
      { reason: 'alreadyMerged', mergedIntoId: duplicate.mergedIntoId },
    );
  }
  if (target.mergedIntoId) {
    throw new ConflictError(
      `Il ticket ${target.number} è stato unito a un altro: scegliere quello / Ticket ${target.number} was merged into another: choose that one`,
      { reason: 'targetMerged', mergedIntoId: target.mergedIntoId },
    );
  }
  if (isResolved(target.status)) {
    throw new ConflictError(
      `Il ticket ${target.number} è risolto: riaprirlo prima / Ticket ${target.number} is resolved: reopen it first`,
      { reason: 'targetResolved', status: target.status },
    );
  }
  if (isResolved(duplicate.status)) {
    throw new ConflictError(
      `Il ticket ${duplicate.number} è già risolto / Ticket ${duplicate.number} is already resolved`,
      { reason: 'duplicateResolved', status: duplicate.status },
    );
  }
}
