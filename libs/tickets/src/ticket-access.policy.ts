import { Actor, AuditService } from '@app/auth';
import { NotFoundError } from '@app/common';
import { Injectable, Optional } from '@nestjs/common';

import { TicketRepository } from './ticket.repository';

/** Timeline events only staff see. */
/** Referents never see teams (issue 19): a team change, and its note, are staff-only too. */
/** Nor tags (issue 19.5): the staff's own classification. */
/** Nor routing (issue 19.2): which rule placed the ticket in which team. */
export const STAFF_ONLY_EVENTS: ReadonlySet<string> = new Set([
  'note',
  'team_changed',
  'tags_changed',
  'routed',
]);

/**
 * Who may see which ticket. Staff see every ticket; an ente_referent sees only those of the
 * entes assigned to them, and a ticket of another ente is "not found" (its existence is not
 * revealed). Every read by a referent is audited.
 */
@Injectable()
export class TicketAccessPolicy {
  constructor(
    private readonly tickets: TicketRepository,
    @Optional() private readonly audit?: AuditService,
  ) {}

  /** The ente filter the repository applies to a listing (undefined: no restriction). */
  listScope(actor: Actor): string[] | undefined {
    return actor.role === 'ente_referent' ? actor.enteIds : undefined;
  }

  /**
   * The ticket as the actor may see it. Staff notes, and the note staff may give when starting the
   * intervention, are internal: an ente referent's view leaves them out (a referent's own notes,
   * `referent_note`, stay). So is a legal hold's reason (a court case, an authority's request).
   */
  visibleTo<
    T extends {
      timeline: { type: string; body?: string | null }[];
      legalHold?: string | null;
      team?: unknown;
      tags?: string[];
    },
  >(actor: Actor, ticket: T): T {
    if (actor.role !== 'ente_referent') return ticket;
    const timeline = ticket.timeline
      .filter((event) => !STAFF_ONLY_EVENTS.has(event.type))
      .map((event) => (event.type === 'intervention_started' ? { ...event, body: null } : event));
    return {
      ...ticket,
      timeline,
      ...('legalHold' in ticket ? { legalHold: null } : {}),
      ...('team' in ticket ? { team: null } : {}),
      ...('tags' in ticket ? { tags: [] } : {}),
    };
  }

  async assertCanRead(actor: Actor, ticketId: string, ip?: string | null): Promise<void> {
    if (actor.role !== 'ente_referent') return;
    const enteId = await this.tickets.enteOf(ticketId);
    if (!enteId || !actor.enteIds.includes(enteId)) throw new NotFoundError('Ticket', ticketId);
    await this.audit?.record({
      actorId: actor.id,
      action: 'ticket_read',
      targetType: 'ticket',
      targetId: ticketId,
      ip,
    });
  }
}
