import { ConflictError } from '@app/common';

import type { TicketDifficulty, TicketStatus } from '../entities';
import { decideRoute } from '../routing/routing-decision';
import type { RoutingOutcome } from '../routing/routing-engine.service';
import type { TimelineEvent } from '../writer/timeline-event.types';

/** The part of a ticket the workflow rules read and change. */
export interface TicketState {
  status: TicketStatus;
  assigneeId: string | null;
  enteId: string | null;
  categoryId: string | null;
  difficulty: TicketDifficulty | null;
  subject: string;
  receivedAt: Date;
  takenInChargeAt: Date | null;
  firstAnsweredAt: Date | null;
  interventionStartedAt: Date | null;
  resolvedAt: Date | null;
  redirectedTo: string | null;
  teamId: string | null;
  /** Set on a duplicate merged into another ticket (issue 19.7): closed for good. */
  mergedIntoId?: string | null;
}

export type EditableField = 'enteId' | 'categoryId' | 'difficulty' | 'subject';

export type TicketAction =
  | { type: 'take_charge'; agentId: string }
  | { type: 'assign'; assigneeId: string | null }
  | { type: 'reply'; via: 'phone' | 'email'; body: string; at?: Date; mail?: Record<string, unknown> }
  | { type: 'note'; body: string }
  /** A note by an ente referent: unlike staff notes (internal), visible to the ente's referents. */
  | { type: 'referent_note'; body: string }
  | { type: 'wait'; reason?: string }
  | { type: 'resume' }
  | { type: 'start_intervention'; at?: Date; body?: string }
  | { type: 'resolve'; resolution: string; notCompetent: boolean; redirectedTo?: string }
  | { type: 'reopen'; reason: string }
  | { type: 'update'; fields: Partial<Pick<TicketState, EditableField>> }
  /** Escalation between levels: the ticket changes team, keeping its timeline and clocks. */
  | { type: 'move_team'; teamId: string | null; note?: string; keepAssignee?: boolean }
  /** Routing rules re-applied on demand (issue 19.2): the engine's outcome for this ticket. */
  | { type: 'route'; outcome: RoutingOutcome };

/** An event the workflow plans: one of the timeline's declared shapes. */
export type PlannedEvent = TimelineEvent;

export interface Decision {
  changes: Partial<TicketState>;
  events: PlannedEvent[];
}

const RESOLVED: readonly TicketStatus[] = ['resolved', 'resolved_not_competent'];
export const isResolved = (status: TicketStatus) => RESOLVED.includes(status);

const STATUS_LABEL: Record<TicketStatus, string> = {
  new: 'Nuovo / New',
  open: 'Aperto / Open',
  waiting: 'In attesa / Waiting',
  resolved: 'Risolto / Resolved',
  resolved_not_competent: 'Risolto - non di competenza / Resolved - not our competence',
};

function refuse(action: string, status: TicketStatus, why: string): never {
  throw new ConflictError(`${action}: ${why} (stato attuale / current status: ${STATUS_LABEL[status]})`, {
    status,
  });
}

function statusChange(from: TicketStatus, to: TicketStatus, at: Date, extra: Record<string, unknown> = {}) {
  return { type: 'status_changed' as const, occurredAt: at, payload: { from, to, ...extra } };
}

/**
 * Answering, intervening on or resolving a ticket nobody has taken is itself taking charge
 * of it: the acting agent takes it, and the timeline says so.
 */
function implicitTakeCharge(state: TicketState, actorId: string | null, at: Date): Decision {
  if (state.status !== 'new') return { changes: {}, events: [] };
  return {
    changes: { status: 'open', takenInChargeAt: at, assigneeId: state.assigneeId ?? actorId },
    events: [
      {
        type: 'taken_in_charge',
        occurredAt: at,
        payload: { agentId: state.assigneeId ?? actorId, implicit: true },
      },
      statusChange('new', 'open', at),
    ],
  };
}

function merge(first: Decision, second: Decision): Decision {
  return { changes: { ...first.changes, ...second.changes }, events: [...first.events, ...second.events] };
}

/**
 * The ticket workflow as a pure function: given the current state and an action, what
 * changes and which timeline events record them; a forbidden action throws a ConflictError
 * saying why.
 */
export function decide(
  state: TicketState,
  action: TicketAction,
  actorId: string | null,
  now: Date,
): Decision {
  switch (action.type) {
    case 'take_charge':
      if (state.status !== 'new') {
        refuse(
          'Presa in carico / Take charge',
          state.status,
          'il ticket è già stato preso in carico / already taken in charge',
        );
      }
      return {
        changes: { status: 'open', assigneeId: action.agentId, takenInChargeAt: now },
        events: [
          { type: 'taken_in_charge', occurredAt: now, payload: { agentId: action.agentId, by: actorId } },
          statusChange('new', 'open', now),
        ],
      };

    case 'assign':
      if (isResolved(state.status)) {
        refuse('Assegnazione / Assign', state.status, 'riaprire prima il ticket / reopen the ticket first');
      }
      if (state.assigneeId === action.assigneeId) return { changes: {}, events: [] };
      return {
        changes: { assigneeId: action.assigneeId },
        events: [
          { type: 'assigned', occurredAt: now, payload: { from: state.assigneeId, to: action.assigneeId } },
        ],
      };

    case 'reply': {
      if (isResolved(state.status)) {
        refuse('Risposta / Reply', state.status, 'riaprire prima il ticket / reopen the ticket first');
      }
      const at = action.at ?? now;
      const reply: Decision = {
        changes: state.firstAnsweredAt ? {} : { firstAnsweredAt: at },
        events: [
          {
            type: 'message',
            occurredAt: at,
            payload: { direction: 'out', via: action.via, ...(action.mail ?? {}) },
            body: action.body,
          },
        ],
      };
      return merge(implicitTakeCharge(state, actorId, at), reply);
    }

    case 'note':
    case 'referent_note':
      return {
        changes: {},
        events: [{ type: action.type, occurredAt: now, payload: {}, body: action.body }],
      };

    case 'wait':
      if (state.status !== 'open') {
        refuse(
          'Sospensione / Wait',
          state.status,
          'si sospende solo un ticket aperto / only an open ticket can wait',
        );
      }
      return {
        changes: { status: 'waiting' },
        events: [statusChange('open', 'waiting', now, action.reason ? { reason: action.reason } : {})],
      };

    case 'resume':
      if (state.status !== 'waiting') {
        refuse('Ripresa / Resume', state.status, 'il ticket non è in attesa / the ticket is not waiting');
      }
      return { changes: { status: 'open' }, events: [statusChange('waiting', 'open', now)] };

    case 'start_intervention': {
      if (isResolved(state.status)) {
        refuse(
          'Intervento / Intervention',
          state.status,
          'riaprire prima il ticket / reopen the ticket first',
        );
      }
      if (state.interventionStartedAt) {
        refuse('Intervento / Intervention', state.status, "l'intervento è già iniziato / already started");
      }
      const at = action.at ?? now;
      const start: Decision = {
        changes: { interventionStartedAt: at },
        events: [{ type: 'intervention_started', occurredAt: at, payload: {}, body: action.body }],
      };
      return merge(implicitTakeCharge(state, actorId, at), start);
    }

    case 'resolve': {
      if (isResolved(state.status)) {
        refuse('Risoluzione / Resolve', state.status, 'il ticket è già risolto / already resolved');
      }
      const to: TicketStatus = action.notCompetent ? 'resolved_not_competent' : 'resolved';
      const redirectedTo = action.notCompetent ? (action.redirectedTo ?? null) : null;
      const resolved = (from: TicketStatus): PlannedEvent => ({
        ...statusChange(from, to, now),
        payload: { from, to, ...(redirectedTo ? { redirectedTo } : {}) },
        body: action.resolution,
      });
      const resolve: Decision = {
        changes: { status: to, resolvedAt: now, redirectedTo },
        events: [resolved(state.status === 'new' ? 'open' : state.status)],
      };
      // Resolved by the system (a monitoring recovery) while new: nobody took charge, and no
      // implicit take-charge of nobody is recorded (the take-charge clock does not apply then).
      if (actorId === null && !state.assigneeId && state.status === 'new') {
        return {
          changes: resolve.changes,
          events: [resolved('new')],
        };
      }
      return merge(implicitTakeCharge(state, actorId, now), resolve);
    }

    case 'reopen':
      // A merged duplicate lives on in the ticket it was merged into: that one is reopened instead.
      if (state.mergedIntoId) {
        refuse(
          'Riapertura / Reopen',
          state.status,
          'il ticket è stato unito a un altro: riaprire quello / merged into another ticket: reopen that one',
        );
      }
      if (!isResolved(state.status)) {
        refuse(
          'Riapertura / Reopen',
          state.status,
          'si riapre solo un ticket risolto / only a resolved ticket can be reopened',
        );
      }
      return {
        changes: { status: 'open', resolvedAt: null, redirectedTo: null },
        events: [
          { ...statusChange(state.status, 'open', now, { reason: action.reason }), body: action.reason },
        ],
      };

    case 'route':
      return decideRoute(state, action.outcome, now);

    case 'move_team': {
      if (isResolved(state.status)) {
        refuse(
          'Cambio team / Team change',
          state.status,
          'riaprire prima il ticket / reopen the ticket first',
        );
      }
      if (state.teamId === action.teamId) {
        throw new ConflictError('Il ticket è già di questo team / The ticket already belongs to this team', {
          teamId: action.teamId,
        });
      }
      // The receiving team picks who works on it, unless the mover says the assignee goes along.
      const dropAssignee = !action.keepAssignee && state.assigneeId !== null;
      return {
        changes: { teamId: action.teamId, ...(dropAssignee ? { assigneeId: null } : {}) },
        events: [
          {
            type: 'team_changed',
            occurredAt: now,
            payload: { from: state.teamId, to: action.teamId },
            body: action.note?.trim() || null,
          },
          ...(dropAssignee
            ? [{ type: 'assigned' as const, occurredAt: now, payload: { from: state.assigneeId, to: null } }]
            : []),
        ],
      };
    }

    case 'update': {
      const changes: Partial<TicketState> = {};
      const events: PlannedEvent[] = [];
      for (const [field, value] of Object.entries(action.fields) as [EditableField, unknown][]) {
        if (value === undefined || state[field] === value) continue;
        (changes as Record<string, unknown>)[field] = value;
        events.push({
          type: 'field_changed',
          occurredAt: now,
          payload: { field, from: state[field], to: value },
        });
      }
      return { changes, events };
    }
  }
}
