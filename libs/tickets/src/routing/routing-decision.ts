import { ConflictError } from '@app/common';

import type { TicketState } from '../workflow/ticket-workflow';
import type { TimelineEvent } from '../writer/timeline-event.types';
import type { RoutingOutcome } from './routing-engine.service';

const RESOLVED = ['resolved', 'resolved_not_competent'];

/**
 * The routing rules re-applied to an existing ticket (on demand), as a workflow decision: the
 * `routed` event says which rule, then each change is recorded as the other actions record it
 * (team_changed, field_changed, assigned), so reports and the timeline read them the same way.
 */
export function decideRoute(
  state: TicketState,
  outcome: RoutingOutcome,
  now: Date,
): { changes: Partial<TicketState>; events: TimelineEvent[] } {
  if (RESOLVED.includes(state.status)) {
    throw new ConflictError('Instradamento / Routing: riaprire prima il ticket / reopen the ticket first', {
      status: state.status,
    });
  }
  const f = outcome.fields;
  const changes: Partial<TicketState> = {};
  const events: TimelineEvent[] = [
    { ...outcome.event, occurredAt: now, payload: { ...outcome.event.payload, onDemand: true } },
  ];
  if (f.teamId !== undefined && f.teamId !== state.teamId) {
    changes.teamId = f.teamId;
    events.push({ type: 'team_changed', occurredAt: now, payload: { from: state.teamId, to: f.teamId } });
  }
  for (const field of ['categoryId', 'difficulty'] as const) {
    const value = f[field];
    if (value === undefined || value === state[field]) continue;
    (changes as Record<string, unknown>)[field] = value;
    events.push({
      type: 'field_changed',
      occurredAt: now,
      payload: { field, from: state[field], to: value },
    });
  }
  // Round-robin that found nobody available leaves the assignee as it is.
  if (f.assigneeId && f.assigneeId !== state.assigneeId) {
    changes.assigneeId = f.assigneeId;
    events.push({ type: 'assigned', occurredAt: now, payload: { from: state.assigneeId, to: f.assigneeId } });
  }
  return { changes, events };
}
