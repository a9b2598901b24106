import { decideRoute } from './routing-decision';
import type { RoutingOutcome } from './routing-engine.service';
import { KnownReferences, ruleProblems } from './routing-rule.validation';

const TEAM = '11111111-1111-4111-8111-111111111111';
const USER = '22222222-2222-4222-8222-222222222222';
const CATEGORY = '33333333-3333-4333-8333-333333333333';
const MISSING = '44444444-4444-4444-8444-444444444444';

const known: KnownReferences = {
  teams: new Set([TEAM]),
  users: new Set([USER]),
  categories: new Set([CATEGORY]),
  mailboxes: new Set(),
  entes: new Set(),
};

const fields = (conditions: unknown, actions: unknown) =>
  ruleProblems({ conditions, actions }, known).problems.map((p) => `${p.field}:${p.code}`);

describe('ruleProblems', () => {
  it.each<[string, unknown, unknown, string[]]>([
    ['a plain rule', { channel: ['email'] }, { teamId: TEAM }, []],
    ['catch-all alone', { catchAll: true }, { teamId: TEAM, roundRobin: true }, []],
    ['no condition', {}, { teamId: TEAM }, ['conditions:noCondition']],
    [
      'catch-all with conditions',
      { catchAll: true, channel: ['phone'] },
      { teamId: TEAM },
      ['conditions.catchAll:catchAllWithConditions'],
    ],
    ['no action', { channel: ['phone'] }, {}, ['actions:noAction']],
    [
      'a bad channel at its index',
      { channel: ['phone', 'fax'] },
      { teamId: TEAM },
      ['conditions.channel[1]:isIn'],
    ],
    ['not a list', { channel: 'phone' }, { teamId: TEAM }, ['conditions.channel:isArray']],
    ['blank value', { keywords: ['  '] }, { teamId: TEAM }, ['conditions.keywords[0]:notBlank']],
    ['punctuation is no word', { keywords: ['!!'] }, { teamId: TEAM }, ['conditions.keywords[0]:noWords']],
    [
      'bad domain',
      { senderDomain: ['comune pontassieve'] },
      { teamId: TEAM },
      ['conditions.senderDomain[0]:domain'],
    ],
    ['unknown mailbox', { mailboxId: [MISSING] }, { teamId: TEAM }, ['conditions.mailboxId[0]:unknown']],
    ['not an id', { enteId: ['x'] }, { teamId: TEAM }, ['conditions.enteId[0]:isUuid']],
    ['unknown condition', { colour: ['red'] }, { teamId: TEAM }, ['conditions.colour:unknownField']],
    ['unknown team', { channel: ['phone'] }, { teamId: MISSING }, ['actions.teamId:unknown']],
    ['unknown user', { channel: ['phone'] }, { assigneeId: MISSING }, ['actions.assigneeId:unknown']],
    [
      'round-robin without team',
      { channel: ['phone'] },
      { roundRobin: true },
      ['actions.roundRobin:roundRobinWithoutTeam'],
    ],
    [
      'fixed and round-robin',
      { channel: ['phone'] },
      { teamId: TEAM, roundRobin: true, assigneeId: USER },
      ['actions.roundRobin:assigneeAndRoundRobin'],
    ],
    ['bad difficulty', { channel: ['phone'] }, { difficulty: 'enorme' }, ['actions.difficulty:isIn']],
    ['not objects', [], 'x', ['conditions:isObject', 'actions:isObject']],
  ])('%s', (_name, conditions, actions, expected) => {
    expect(fields(conditions, actions)).toEqual(expected);
  });

  it('stores the values trimmed, domains lower-case without @, repeats once', () => {
    const { conditions, actions } = ruleProblems(
      {
        conditions: {
          senderDomain: [' @Comune.X.it', 'comune.x.it'],
          keywords: ['stampante'],
          keywordsIn: 'subject',
        },
        actions: { teamId: TEAM, categoryId: CATEGORY, roundRobin: false },
      },
      known,
    );
    expect(conditions).toEqual({
      senderDomain: ['comune.x.it'],
      keywords: ['stampante'],
      keywordsIn: 'subject',
    });
    expect(actions).toEqual({ teamId: TEAM, categoryId: CATEGORY });
  });
});

describe('decideRoute (on demand)', () => {
  const state = {
    status: 'open' as const,
    assigneeId: USER,
    enteId: null,
    categoryId: null,
    difficulty: 'low' as const,
    subject: 'x',
    receivedAt: new Date(0),
    takenInChargeAt: null,
    firstAnsweredAt: null,
    interventionStartedAt: null,
    resolvedAt: null,
    redirectedTo: null,
    teamId: null,
  };
  const now = new Date('2026-12-05T10:00:00Z');
  const outcome = (fields: RoutingOutcome['fields']): RoutingOutcome => ({
    rule: { id: 'r', name: 'R' },
    fields,
    event: { type: 'routed', occurredAt: now, payload: { ruleId: 'r', ruleName: 'R', ...fields } },
  });

  it.each<[string, RoutingOutcome['fields'], string[], string[]]>([
    [
      'team and category',
      { teamId: TEAM, categoryId: CATEGORY },
      ['teamId', 'categoryId'],
      ['routed', 'team_changed', 'field_changed'],
    ],
    [
      'the same values change nothing but say which rule',
      { difficulty: 'low', assigneeId: USER },
      [],
      ['routed'],
    ],
    [
      'round-robin finding nobody leaves the assignee',
      { teamId: TEAM, assigneeId: null },
      ['teamId'],
      ['routed', 'team_changed'],
    ],
    ['another assignee', { assigneeId: 'other' }, ['assigneeId'], ['routed', 'assigned']],
  ])('%s', (_name, fields, changed, events) => {
    const d = decideRoute(state, outcome(fields), now);
    expect(Object.keys(d.changes)).toEqual(changed);
    expect(d.events.map((e) => e.type)).toEqual(events);
    expect(d.events[0].payload).toMatchObject({ onDemand: true });
  });

  it('a resolved ticket is reopened first', () => {
    expect(() => decideRoute({ ...state, status: 'resolved' }, outcome({ teamId: TEAM }), now)).toThrow(
      /riaprire/,
    );
  });
});
