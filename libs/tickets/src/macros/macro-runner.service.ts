import { ValidationError, VersionConflictError } from '@app/common';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { TicketTagger } from '../tags/ticket-tagger.service';
import { TicketRepository } from '../ticket.repository';
import { TicketService } from '../ticket.service';
import { TICKET_MAILER, TicketMailer } from '../ticket-mailer';
import { MacroRow } from './macro.repository';
import { statusActions } from './macro-steps.util';
import { PlaceholderValues, renderTemplate } from './macro-template.util';

export interface MacroActor {
  id: string;
  name: string;
}

/** A macro's texts rendered for one ticket, as the preview shows them and the run sends them. */
export interface RenderedMacro {
  answer: { via: 'email' | 'note'; body: string } | null;
  resolution: string | null;
  ticketVersion: number;
}

/**
 * Applies a macro to one ticket (issue 19.4): its steps are ordinary workflow actions run in the
 * caller's transaction under the ticket's lock, so a step the workflow refuses undoes them all.
 */
@Injectable()
export class MacroRunner {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly ticketService: TicketService,
    private readonly tagger: TicketTagger,
    @Optional() @Inject(TICKET_MAILER) private readonly mailer?: TicketMailer,
  ) {}

  /** The texts with the ticket's and the agent's values, read in `em` (the ticket as it is now). */
  async render(
    em: EntityManager,
    ticketId: string,
    macro: MacroRow,
    actor: MacroActor,
  ): Promise<RenderedMacro> {
    const { ticket } = await this.tickets.findDetail(ticketId, em);
    const values: PlaceholderValues = {
      'ticket.number': ticket.number,
      'ticket.subject': ticket.subject,
      'requester.name': ticket.requester?.name ?? null,
      'agent.name': actor.name,
      'ente.name': ticket.ente?.name ?? null,
      'category.name': ticket.category?.name ?? null,
      'team.name': ticket.team?.name ?? null,
    };
    const { answer, resolution } = macro.actions;
    return {
      answer: answer ? { via: answer.via, body: renderTemplate(answer.body, values) } : null,
      resolution: resolution ? renderTemplate(resolution, values) : null,
      ticketVersion: ticket.version,
    };
  }

  /**
   * Every step of the macro on the ticket, in the caller's transaction; returns the e-mail answers
   * queued, to dispatch once the transaction committed.
   */
  async applyInTransaction(
    em: EntityManager,
    ticketId: string,
    macro: MacroRow,
    actor: MacroActor,
    now: Date,
    expectedVersion?: number,
  ): Promise<string[]> {
    const locked = await this.tickets.lockForUpdate(em, ticketId);
    if (expectedVersion !== undefined && expectedVersion !== locked.version) {
      throw new VersionConflictError(expectedVersion, locked.version);
    }
    const act = (action: Parameters<TicketService['actInTransaction']>[2]) =>
      this.ticketService.actInTransaction(em, ticketId, action, actor.id, now);
    const { actions } = macro;
    const rendered = await this.render(em, ticketId, macro, actor);
    const outbound: string[] = [];

    if (actions.categoryId !== undefined || actions.difficulty !== undefined) {
      await act({
        type: 'update',
        fields: { categoryId: actions.categoryId, difficulty: actions.difficulty },
      });
    }
    if (actions.teamId && locked.teamId !== actions.teamId) {
      await act({ type: 'move_team', teamId: actions.teamId, note: `Macro: ${macro.name}` });
    }
    if (actions.addTags?.length || actions.removeTags?.length) {
      await this.tagger.applyInTransaction(
        em,
        ticketId,
        { add: actions.addTags ?? [], remove: actions.removeTags ?? [] },
        actor.id,
        now,
      );
    }
    if (rendered.answer?.via === 'note') await act({ type: 'note', body: rendered.answer.body });
    if (rendered.answer?.via === 'email') {
      if (!this.mailer) {
        throw new ValidationError([
          { field: 'actions.answer', reason: 'invio e-mail non disponibile / e-mail sending unavailable' },
        ]);
      }
      const mail = await this.mailer.queueReply(em, ticketId, {
        body: rendered.answer.body,
        cc: [],
        attachmentIds: [],
      });
      outbound.push(mail.outboundId);
      await act({
        type: 'reply',
        via: 'email',
        body: rendered.answer.body,
        mail: {
          outboundId: mail.outboundId,
          messageId: mail.messageId,
          to: mail.to,
          cc: mail.cc,
          attachments: [],
        },
      });
    }
    if (actions.status) {
      const current = await this.tickets.lockForUpdate(em, ticketId);
      for (const action of statusActions(
        actions.status,
        current.status,
        actor.id,
        rendered.resolution ?? '',
      )) {
        await act(action);
      }
    }
    return outbound;
  }

  /** After the commit: wakes the mail sender for the answers queued. */
  async dispatch(outboundIds: string[]): Promise<void> {
    if (outboundIds.length > 0) await this.mailer?.dispatch(outboundIds);
  }
}
