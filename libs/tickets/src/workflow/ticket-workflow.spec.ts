import { ConflictError } from '@app/common';

import { decide, TicketAction, TicketState } from './ticket-workflow';

const received = new Date('2026-11-20T16:30:00Z');
const now = new Date('2026-11-20T17:00:00Z');
const agent = 'agent-1';

function ticket(overrides: Partial<TicketState> = {}): TicketState {
  return {
    status: 'new',
    assigneeId: null,
    enteId: 'ente-1',
    categoryId: null,
    difficulty: null,
    subject: 'Portale non raggiungibile',
    receivedAt: received,
    takenInChargeAt: null,
    firstAnsweredAt: null,
    interventionStartedAt: null,
    resolvedAt: null,
    redirectedTo: null,
    teamId: null,
    ...overrides,
  };
}

const open = ticket({ status: 'open', assigneeId: agent, takenInChargeAt: received });
const waiting = { ...open, status: 'waiting' as const };
const resolved = { ...open, status: 'resolved' as const, resolvedAt: now };
const notCompetent = {
  ...open,
  status: 'resolved_not_competent' as const,
  resolvedAt: now,
  redirectedTo: 'ASL',
};

const actions: Record<string, TicketAction> = {
  take_charge: { type: 'take_charge', agentId: agent },
  reply: { type: 'reply', via: 'phone', body: 'Richiamato il cittadino' },
  wait: { type: 'wait' },
  resume: { type: 'resume' },
  resolve: { type: 'resolve', resolution: 'Password reimpostata', notCompetent: false },
  reopen: { type: 'reopen', reason: 'Il problema si ripresenta' },
  start_intervention: { type: 'start_intervention' },
  assign: { type: 'assign', assigneeId: 'agent-2' },
};

describe('ticket workflow', () => {
  it.each([
    // [state name, state, action, resulting status or 'conflict']
    ['new', ticket(), 'take_charge', 'open'],
    ['open', open, 'take_charge', 'conflict'],
    ['resolved', resolved, 'take_charge', 'conflict'],
    ['new', ticket(), 'reply', 'open'],
    ['open', open, 'reply', 'open'],
    ['waiting', waiting, 'reply', 'waiting'],
    ['resolved', resolved, 'reply', 'conflict'],
    ['new', ticket(), 'wait', 'conflict'],
    ['open', open, 'wait', 'waiting'],
    ['waiting', waiting, 'wait', 'conflict'],
    ['open', open, 'resume', 'conflict'],
    ['waiting', waiting, 'resume', 'open'],
    ['new', ticket(), 'resolve', 'resolved'],
    ['open', open, 'resolve', 'resolved'],
    ['waiting', waiting, 'resolve', 'resolved'],
    ['resolved', resolved, 'resolve', 'conflict'],
    ['not competent', notCompetent, 'resolve', 'conflict'],
    ['open', open, 'reopen', 'conflict'],
    ['resolved', resolved, 'reopen', 'open'],
    ['not competent', notCompetent, 'reopen', 'open'],
    ['resolved', resolved, 'assign', 'conflict'],
    ['new', ticket(), 'assign', 'new'],
    ['open', open, 'start_intervention', 'open'],
    ['resolved', resolved, 'start_intervention', 'conflict'],
  ] as const)('%s + %s -> %s', (_name, state, action, expected) => {
    if (expected === 'conflict') {
      expect(() => decide(state, actions[action], agent, now)).toThrow(ConflictError);
      return;
    }
    const { changes } = decide(state, actions[action], agent, now);
    expect(changes.status ?? state.status).toBe(expected);
  });

  it('taking charge records the agent, the instant and a status change', () => {
    const { changes, events } = decide(ticket(), { type: 'take_charge', agentId: 'agent-2' }, agent, now);
    expect(changes).toEqual({ status: 'open', assigneeId: 'agent-2', takenInChargeAt: now });
    expect(events.map((e) => e.type)).toEqual(['taken_in_charge', 'status_changed']);
  });

  it('a reply on a new ticket takes charge of it implicitly at the reply instant', () => {
    const at = new Date('2026-11-20T16:45:00Z');
    const { changes, events } = decide(ticket(), { type: 'reply', via: 'phone', body: 'ok', at }, agent, now);
    expect(changes).toMatchObject({
      status: 'open',
      takenInChargeAt: at,
      firstAnsweredAt: at,
      assigneeId: agent,
    });
    expect(events.map((e) => e.type)).toEqual(['taken_in_charge', 'status_changed', 'message']);
  });

  it('a new ticket resolved by the system (a monitoring recovery) records no take-charge of nobody', () => {
    const resolve = { type: 'resolve' as const, resolution: 'Ripristinato / Recovered', notCompetent: false };
    const { changes, events } = decide(ticket(), resolve, null, now);
    expect(changes).toEqual({ status: 'resolved', resolvedAt: now, redirectedTo: null });
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['status_changed', { from: 'new', to: 'resolved' }],
    ]);
    // An agent resolving a new ticket still takes charge of it.
    expect(decide(ticket(), resolve, agent, now).changes).toMatchObject({
      takenInChargeAt: now,
      assigneeId: agent,
    });
  });

  it('only the first answer sets firstAnsweredAt', () => {
    const first = new Date('2026-11-20T10:00:00Z');
    const { changes } = decide({ ...open, firstAnsweredAt: first }, actions.reply, agent, now);
    expect(changes.firstAnsweredAt).toBeUndefined();
  });

  it('resolving as not competent keeps where it was redirected; reopening clears it', () => {
    const resolve = decide(
      open,
      {
        type: 'resolve',
        resolution: 'Di competenza ASL',
        notCompetent: true,
        redirectedTo: 'ASL Toscana Centro',
      },
      agent,
      now,
    );
    expect(resolve.changes).toEqual({
      status: 'resolved_not_competent',
      resolvedAt: now,
      redirectedTo: 'ASL Toscana Centro',
    });
    const reopen = decide(notCompetent, actions.reopen, agent, now);
    expect(reopen.changes).toEqual({ status: 'open', resolvedAt: null, redirectedTo: null });
  });

  it('the intervention can start only once', () => {
    expect(() =>
      decide({ ...open, interventionStartedAt: received }, actions.start_intervention, agent, now),
    ).toThrow(/già iniziato/);
  });

  it('an update records one event per changed field and ignores unchanged ones', () => {
    const { changes, events } = decide(
      open,
      { type: 'update', fields: { subject: open.subject, difficulty: 'high', enteId: 'ente-2' } },
      agent,
      now,
    );
    expect(changes).toEqual({ difficulty: 'high', enteId: 'ente-2' });
    expect(events.map((e) => (e.payload as { field?: string }).field)).toEqual(['difficulty', 'enteId']);
  });

  it('a conflict says why and names the current status', () => {
    expect(() => decide(resolved, actions.wait, agent, now)).toThrow(/Risolto/);
  });
});

describe('move_team (escalation between levels)', () => {
  it.each<[string, TicketState, TicketAction, ReturnType<typeof decide>['changes'], string[]]>([
    [
      'moves an open ticket and leaves the assignee to the receiving team',
      ticket({ status: 'open', assigneeId: agent, teamId: 'first', takenInChargeAt: received }),
      { type: 'move_team', teamId: 'second', note: 'Serve il CED' },
      { teamId: 'second', assigneeId: null },
      ['team_changed', 'assigned'],
    ],
    [
      'keeps the assignee when asked',
      ticket({ status: 'open', assigneeId: agent, teamId: 'first', takenInChargeAt: received }),
      { type: 'move_team', teamId: 'second', keepAssignee: true },
      { teamId: 'second' },
      ['team_changed'],
    ],
    [
      'gives a team to a ticket without one, nobody assigned',
      ticket(),
      { type: 'move_team', teamId: 'first' },
      { teamId: 'first' },
      ['team_changed'],
    ],
  ])('%s', (_, state, action, changes, types) => {
    const decision = decide(state, action, agent, now);
    expect(decision.changes).toEqual(changes);
    expect(decision.events.map((e) => e.type)).toEqual(types);
    // The clocks' instants never move with the team.
    expect(decision.changes).not.toHaveProperty('takenInChargeAt');
    expect(decision.changes).not.toHaveProperty('firstAnsweredAt');
  });

  it('records the note as the event body', () => {
    const decision = decide(
      ticket({ teamId: 'a' }),
      { type: 'move_team', teamId: 'b', note: ' Serve il CED ' },
      agent,
      now,
    );
    expect(decision.events[0]).toMatchObject({
      type: 'team_changed',
      payload: { from: 'a', to: 'b' },
      body: 'Serve il CED',
    });
  });

  it.each<[string, TicketState, string]>([
    ['a resolved ticket', ticket({ status: 'resolved', teamId: 'a', resolvedAt: now }), 'reopen'],
    ['the same team', ticket({ teamId: 'a' }), 'already belongs'],
  ])('refuses %s', (_, state, why) => {
    expect(() => decide(state, { type: 'move_team', teamId: 'a' }, agent, now)).toThrow(ConflictError);
    expect(() => decide(state, { type: 'move_team', teamId: 'a' }, agent, now)).toThrow(new RegExp(why));
  });
});
