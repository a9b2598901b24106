import { AuditService } from '@app/auth';
import { ConflictError, FieldProblem, ForbiddenError, NotFoundError, ValidationError } from '@app/common';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { TicketTagger } from '../tags/ticket-tagger.service';
import { TicketRepository } from '../ticket.repository';
import { TicketDetail, TicketService } from '../ticket.service';
import { MacroRepository, MacroRow } from './macro.repository';
import { MacroActor, MacroRunner } from './macro-runner.service';
import { isEmptyMacro, MacroActions } from './macro-steps.util';
import { MACRO_PLACEHOLDERS, unknownPlaceholders } from './macro-template.util';

export interface MacroManager {
  id: string;
  role: string;
}

export interface MacroInput {
  name: string;
  teamId?: string | null;
  actions: MacroActions;
}

/**
 * Macros (issue 19.4): admins manage every macro, a team's leads those of their team; staff
 * preview and apply them. A text with a placeholder not on the list is refused when saved.
 */
@Injectable()
export class MacroService {
  constructor(
    private readonly macros: MacroRepository,
    private readonly runner: MacroRunner,
    private readonly tagger: TicketTagger,
    private readonly tickets: TicketRepository,
    private readonly ticketService: TicketService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: MacroManager) {
    const [rows, leadOf] = await Promise.all([this.macros.list(), this.macros.ledBy(actor.id)]);
    return {
      items: rows.map((row) => ({ ...row, editable: this.mayManage(actor, leadOf, row.teamId) })),
      placeholders: MACRO_PLACEHOLDERS.map((p) => `{{${p}}}`),
      leadOf,
    };
  }

  async get(id: string, em?: EntityManager): Promise<MacroRow> {
    const macro = await this.macros.find(id, em);
    if (!macro) throw new NotFoundError('Macro', id);
    return macro;
  }

  async create(input: MacroInput, actor: MacroManager) {
    const teamId = input.teamId ?? null;
    await this.checkManager(actor, teamId);
    const id = await this.macros.transaction(async (em) => {
      const actions = await this.checked(em, input.actions, teamId);
      const created = await this.macros.insert(em, {
        name: input.name.trim(),
        teamId,
        actions,
        createdBy: actor.id,
      });
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'macro_created',
          targetType: 'macro',
          targetId: created,
          details: { teamId },
        },
        em,
      );
      return created;
    });
    return this.one(id, actor);
  }

  async update(id: string, input: MacroInput & { version: number }, actor: MacroManager) {
    const teamId = input.teamId ?? null;
    await this.macros.transaction(async (em) => {
      const current = await this.get(id, em);
      // A lead may neither take another team's macro nor give theirs to another team.
      await this.checkManager(actor, current.teamId);
      await this.checkManager(actor, teamId);
      const actions = await this.checked(em, input.actions, teamId);
      if (!(await this.macros.update(em, id, input.version, { name: input.name.trim(), teamId, actions }))) {
        throw new ConflictError(
          'La macro è stata modificata da un altro utente: ricaricala / The macro was changed by someone else: reload it',
          { expectedVersion: input.version, currentVersion: current.version },
        );
      }
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'macro_updated',
          targetType: 'macro',
          targetId: id,
          details: { teamId },
        },
        em,
      );
    });
    return this.one(id, actor);
  }

  async remove(id: string, actor: MacroManager): Promise<void> {
    await this.macros.transaction(async (em) => {
      const current = await this.get(id, em);
      await this.checkManager(actor, current.teamId);
      await this.macros.remove(em, id);
      await this.audit.record(
        { actorId: actor.id, action: 'macro_deleted', targetType: 'macro', targetId: id },
        em,
      );
    });
  }

  /** What applying the macro would do to the ticket now, its texts rendered; nothing is written. */
  async preview(ticketId: string, macroId: string, actor: MacroActor) {
    return this.tickets.transaction(async (em) => {
      const macro = await this.get(macroId, em);
      const rendered = await this.runner.render(em, ticketId, macro, actor);
      const { actions } = macro;
      return {
        macroId: macro.id,
        name: macro.name,
        answer: rendered.answer,
        resolution: actions.status === 'resolved' ? rendered.resolution : null,
        status: actions.status ?? null,
        category: actions.categoryId ? await this.macros.categoryName(em, actions.categoryId) : null,
        difficulty: actions.difficulty ?? null,
        team: actions.teamId ? await this.macros.teamName(em, actions.teamId, false) : null,
        addTags: actions.addTags ?? [],
        removeTags: actions.removeTags ?? [],
        ticketVersion: rendered.ticketVersion,
      };
    });
  }

  /** Applies the macro to one ticket: all of it in one transaction, or nothing (409 saying why). */
  async apply(
    ticketId: string,
    macroId: string,
    actor: MacroActor,
    expectedVersion?: number,
    now = new Date(),
  ): Promise<TicketDetail> {
    const macro = await this.get(macroId);
    const outbound = await this.tickets.transaction((em) =>
      this.runner.applyInTransaction(em, ticketId, macro, actor, now, expectedVersion),
    );
    await this.runner.dispatch(outbound);
    return this.ticketService.get(ticketId);
  }

  private async one(id: string, actor: MacroManager) {
    const row = await this.get(id);
    const leadOf = await this.macros.ledBy(actor.id);
    return { ...row, editable: this.mayManage(actor, leadOf, row.teamId) };
  }

  private mayManage(actor: MacroManager, leadOf: string[], teamId: string | null): boolean {
    return actor.role === 'admin' || (teamId !== null && leadOf.includes(teamId));
  }

  private async checkManager(actor: MacroManager, teamId: string | null): Promise<void> {
    if (this.mayManage(actor, await this.macros.ledBy(actor.id), teamId)) return;
    throw new ForbiddenError(
      teamId
        ? 'Solo gli amministratori e i responsabili del team gestiscono le sue macro / Only admins and the team’s leads manage its macros'
        : 'Solo gli amministratori gestiscono le macro di tutti / Only admins manage everyone’s macros',
    );
  }

  /** The actions as stored: placeholders known, references existing, tag names normalised. */
  private async checked(
    em: EntityManager,
    actions: MacroActions,
    teamId: string | null,
  ): Promise<MacroActions> {
    const problems: FieldProblem[] = [];
    if (isEmptyMacro(actions)) {
      problems.push({
        field: 'actions',
        reason: 'almeno un’azione / at least one action',
        code: 'empty',
      });
    }
    const placeholders = (field: string, text: string | undefined) => {
      for (const name of unknownPlaceholders(text ?? '')) {
        problems.push({
          field,
          reason: `segnaposto sconosciuto {{${name}}}; ammessi: ${MACRO_PLACEHOLDERS.join(', ')} / unknown placeholder {{${name}}}`,
          code: 'unknownPlaceholder',
          params: { placeholder: name, allowed: MACRO_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ') },
        });
      }
    };
    placeholders('actions.answer.body', actions.answer?.body);
    placeholders('actions.resolution', actions.resolution);
    if (actions.status === 'resolved' && !actions.resolution?.trim()) {
      problems.push({
        field: 'actions.resolution',
        reason: 'obbligatoria per risolvere / required to resolve',
        code: 'required',
      });
    }
    if (actions.categoryId && !(await this.macros.categoryName(em, actions.categoryId))) {
      problems.push({
        field: 'actions.categoryId',
        reason: 'categoria inesistente / no such category',
        code: 'unknown',
      });
    }
    if (actions.teamId && !(await this.macros.teamName(em, actions.teamId, true))) {
      problems.push({
        field: 'actions.teamId',
        reason: 'team inesistente o non attivo / no such active team',
        code: 'unknown',
      });
    }
    if (teamId && !(await this.macros.teamName(em, teamId, false))) {
      problems.push({ field: 'teamId', reason: 'team inesistente / no such team', code: 'unknown' });
    }
    let tags = { add: actions.addTags ?? [], remove: actions.removeTags ?? [] };
    try {
      tags = await this.tagger.check(
        em,
        { add: actions.addTags, remove: actions.removeTags },
        { add: 'actions.addTags', remove: 'actions.removeTags' },
      );
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...((error.details?.fields as FieldProblem[]) ?? []));
    }
    if (problems.length > 0) throw new ValidationError(problems);
    const stored: MacroActions = {
      ...(actions.answer ? { answer: { via: actions.answer.via, body: actions.answer.body } } : {}),
      ...(actions.status ? { status: actions.status } : {}),
      ...(actions.status === 'resolved' && actions.resolution ? { resolution: actions.resolution } : {}),
      ...(actions.categoryId ? { categoryId: actions.categoryId } : {}),
      ...(actions.difficulty ? { difficulty: actions.difficulty } : {}),
      ...(actions.teamId ? { teamId: actions.teamId } : {}),
      ...(tags.add.length ? { addTags: tags.add } : {}),
      ...(tags.remove.length ? { removeTags: tags.remove } : {}),
    };
    return stored;
  }
}
