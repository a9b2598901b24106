import type { TicketDifficulty, TicketStatus } from '../entities';
import type { TicketAction } from '../workflow/ticket-workflow';

export type MacroStatusTarget = 'open' | 'waiting' | 'resolved';

/** What a macro does, as stored (`macro.actions`, jsonb): each part optional, at least one present. */
export interface MacroActions {
  answer?: { via: 'email' | 'note'; body: string };
  status?: MacroStatusTarget;
  resolution?: string;
  categoryId?: string;
  difficulty?: TicketDifficulty;
  teamId?: string;
  addTags?: string[];
  removeTags?: string[];
}

export function isEmptyMacro(actions: MacroActions): boolean {
  return (
    !actions.answer &&
    !actions.status &&
    !actions.categoryId &&
    !actions.difficulty &&
    !actions.teamId &&
    !actions.addTags?.length &&
    !actions.removeTags?.length
  );
}

/**
 * The workflow actions that bring a ticket in `current` status to the macro's target status, run
 * last (after the fields, the team, the tags and the answer): an answer already took charge of a
 * new ticket. A target the ticket is already in needs nothing; one the workflow forbids (waiting a
 * resolved ticket, resolving it again) is planned anyway, so the workflow refuses it and the whole
 * macro is undone on that ticket.
 */
export function statusActions(
  target: MacroStatusTarget,
  current: TicketStatus,
  agentId: string,
  resolution: string,
): TicketAction[] {
  const takeCharge: TicketAction = { type: 'take_charge', agentId };
  switch (target) {
    case 'open':
      if (current === 'new') return [takeCharge];
      if (current === 'waiting') return [{ type: 'resume' }];
      return [];
    case 'waiting':
      if (current === 'waiting') return [];
      if (current === 'new') return [takeCharge, { type: 'wait' }];
      return [{ type: 'wait' }];
    case 'resolved':
      return [{ type: 'resolve', resolution, notCompetent: false }];
  }
}
