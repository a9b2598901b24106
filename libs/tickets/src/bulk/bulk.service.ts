import { FieldProblem, NotFoundError, ValidationError, VersionConflictError } from '@app/common';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { MacroService } from '../macros/macro.service';
import { MacroRunner } from '../macros/macro-runner.service';
import { TicketTagger } from '../tags/ticket-tagger.service';
import { TicketRepository } from '../ticket.repository';
import { TicketService } from '../ticket.service';
import { BulkActionDto, BulkResultResponse } from './bulk.dto';
import { BulkRepository } from './bulk.repository';
import { bulkOutcome, bulkSummary } from './bulk-outcome.util';

export interface BulkActor {
  id: string;
  name: string;
}

/** The work for one ticket, in that ticket's own transaction (under its lock); returns mails to send. */
type TicketWork = (em: EntityManager, ticketId: string, now: Date) => Promise<string[]>;

/**
 * Bulk actions on a queue selection (issue 19.6): each ticket in its own transaction with its own
 * version check, so one refused ticket changes nothing of itself and nothing of the others; the
 * answer lists what succeeded and what did not, and why.
 */
@Injectable()
export class BulkService {
  constructor(
    private readonly bulk: BulkRepository,
    private readonly tickets: TicketRepository,
    private readonly ticketService: TicketService,
    private readonly tagger: TicketTagger,
    private readonly macros: MacroService,
    private readonly runner: MacroRunner,
  ) {}

  async run(dto: BulkActionDto, actor: BulkActor, now = new Date()) {
    const versions = this.versions(dto.versions);
    const work = await this.plan(dto, actor);
    const ids = [...new Set(dto.ids)];
    const numbers = await this.bulk.numbers(ids);
    const results: BulkResultResponse[] = [];
    const outbound: string[] = [];
    for (const id of ids) {
      const number = numbers.get(id) ?? null;
      if (number === null) {
        results.push({ id, number, result: 'notFound', reason: new NotFoundError('Ticket', id).message });
        continue;
      }
      try {
        const mails = await this.tickets.transaction(async (em) => {
          const ticket = await this.tickets.lockForUpdate(em, id);
          const expected = versions.get(id);
          if (expected !== undefined && expected !== ticket.version) {
            throw new VersionConflictError(expected, ticket.version);
          }
          return work(em, id, now);
        });
        outbound.push(...mails);
        results.push({ id, number, result: 'ok', version: await this.bulk.version(id) });
      } catch (error) {
        const outcome = bulkOutcome(error);
        if (!outcome) throw error;
        results.push({ id, number, ...outcome });
      }
    }
    await this.runner.dispatch(outbound);
    return { results, summary: bulkSummary(results) };
  }

  /** The action's own input checked once, before any ticket is touched (a 400 changes nothing). */
  private async plan(dto: BulkActionDto, actor: BulkActor): Promise<TicketWork> {
    const required = (field: string): never => {
      throw new ValidationError([
        { field, reason: `obbligatorio per ${dto.action} / required for ${dto.action}`, code: 'required' },
      ]);
    };
    const act =
      (action: Parameters<TicketService['actInTransaction']>[2]): TicketWork =>
      async (em, id, now) => {
        await this.ticketService.actInTransaction(em, id, action, actor.id, now);
        return [];
      };
    switch (dto.action) {
      case 'take_charge':
        return act({ type: 'take_charge', agentId: actor.id });
      case 'assign': {
        if (dto.assigneeId === undefined) return required('assigneeId');
        if (dto.assigneeId && !(await this.bulk.activeStaff(dto.assigneeId))) {
          throw new ValidationError([
            {
              field: 'assigneeId',
              reason: 'operatore inesistente o non attivo / no such active agent',
              code: 'unknown',
            },
          ]);
        }
        return act({ type: 'assign', assigneeId: dto.assigneeId });
      }
      case 'move_team': {
        if (!dto.teamId) return required('teamId');
        if (!(await this.bulk.activeTeam(dto.teamId))) {
          throw new ValidationError([
            {
              field: 'teamId',
              reason: 'team inesistente o non attivo / no such active team',
              code: 'unknown',
            },
          ]);
        }
        return act({ type: 'move_team', teamId: dto.teamId, note: dto.note });
      }
      case 'tag':
      case 'untag': {
        if (!dto.tags?.length) return required('tags');
        const tagging = dto.action === 'tag';
        const checked = await this.tickets.transaction((em) =>
          this.tagger.check(em, tagging ? { add: dto.tags } : { remove: dto.tags }, {
            add: 'tags',
            remove: 'tags',
          }),
        );
        return async (em, id, now) => {
          await this.tagger.applyInTransaction(em, id, checked, actor.id, now);
          return [];
        };
      }
      case 'resolve':
        if (!dto.resolution?.trim()) return required('resolution');
        return act({ type: 'resolve', resolution: dto.resolution, notCompetent: false });
      case 'macro': {
        if (!dto.macroId) return required('macroId');
        const macro = await this.macros.get(dto.macroId).catch((error: unknown) => {
          if (error instanceof NotFoundError) {
            throw new ValidationError([
              { field: 'macroId', reason: 'macro inesistente / no such macro', code: 'unknown' },
            ]);
          }
          throw error;
        });
        return (em, id, now) => this.runner.applyInTransaction(em, id, macro, actor, now);
      }
    }
  }

  private versions(raw: Record<string, unknown> | undefined): Map<string, number> {
    const problems: FieldProblem[] = [];
    const versions = new Map<string, number>();
    for (const [id, version] of Object.entries(raw ?? {})) {
      if (typeof version === 'number' && Number.isInteger(version) && version >= 1) versions.set(id, version);
      else
        problems.push({
          field: `versions.${id}`,
          reason: 'versione non valida / invalid version',
          code: 'isInt',
        });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    return versions;
  }
}
