import type { TicketStatus } from '../entities';
import { isEmptyMacro, MacroStatusTarget, statusActions } from './macro-steps.util';

describe('statusActions', () => {
  const agent = 'agent-1';
  it.each<[MacroStatusTarget, TicketStatus, string[]]>([
    ['open', 'new', ['take_charge']],
    ['open', 'open', []],
    ['open', 'waiting', ['resume']],
    ['open', 'resolved', []],
    ['waiting', 'new', ['take_charge', 'wait']],
    ['waiting', 'open', ['wait']],
    ['waiting', 'waiting', []],
    // Planned anyway: the workflow refuses it, and the macro changes nothing on that ticket.
    ['waiting', 'resolved', ['wait']],
    ['resolved', 'new', ['resolve']],
    ['resolved', 'open', ['resolve']],
    ['resolved', 'waiting', ['resolve']],
    ['resolved', 'resolved', ['resolve']],
  ])('%s from %s: %j', (target, current, types) => {
    expect(statusActions(target, current, agent, 'Fatto').map((a) => a.type)).toEqual(types);
  });

  it('resolves with the rendered resolution, as competent', () => {
    expect(statusActions('resolved', 'open', agent, 'Password reimpostata')).toEqual([
      { type: 'resolve', resolution: 'Password reimpostata', notCompetent: false },
    ]);
  });

  it('takes charge for the agent applying the macro', () => {
    expect(statusActions('open', 'new', agent, '')).toEqual([{ type: 'take_charge', agentId: agent }]);
  });
});

describe('isEmptyMacro', () => {
  it.each<[object, boolean]>([
    [{}, true],
    [{ addTags: [] }, true],
    [{ addTags: ['pec'] }, false],
    [{ status: 'waiting' }, false],
    [{ answer: { via: 'note', body: 'x' } }, false],
    [{ resolution: 'solo testo' }, true],
  ])('%j: %s', (actions, empty) => {
    expect(isEmptyMacro(actions)).toBe(empty);
  });
});
