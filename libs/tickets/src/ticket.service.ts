import { FieldProblem, ValidationError } from '@app/common';
import { SlaClockService, SlaReadService, SlaTimelineEvent } from '@app/sla';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { VersionConflictError } from '@app/common';
import { CreateTicketDto } from './dto/create-ticket.dto';
import { UpdateTicketDto } from './dto/ticket-actions.dto';
import { ReferenceRepository } from './reference.repository';
import { presentTicket } from './ticket.presenter';
import { TicketListQuery, TicketRepository } from './ticket.repository';
import { decide, PlannedEvent, TicketAction } from './workflow/ticket-workflow';

/** Ticket numbers follow the service centre's local year: a call at 00:30 on 1 January is next year's. */
const NUMBERING_ZONE = 'Europe/Rome';

/** Clocks drift: an instant up to this far ahead of ours is still "now", not the future. */
const CLOCK_SKEW_MS = 60_000;

export type TicketDetail = ReturnType<typeof presentTicket> & {
  sla: Awaited<ReturnType<SlaReadService['summary']>>;
};

export interface Actor {
  id: string;
}

@Injectable()
export class TicketService {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly references: ReferenceRepository,
    private readonly slaClocks: SlaClockService,
    private readonly slaRead: SlaReadService,
  ) {}

  list(query: TicketListQuery) {
    return this.tickets.list(query);
  }

  async get(id: string): Promise<TicketDetail> {
    const { ticket, timeline } = await this.tickets.findDetail(id);
    return { ...presentTicket(ticket, timeline), sla: await this.slaRead.summary(id) };
  }

  /** Phone intake: the caller becomes (or is matched to) a contact, the call a ticket and its first message. */
  async create(dto: CreateTicketDto, actor: Actor, now = new Date()): Promise<TicketDetail> {
    const receivedAt = dto.receivedAt ?? now;
    if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
      throw new ValidationError([
        { field: 'receivedAt', reason: 'non può essere nel futuro / cannot be in the future' },
      ]);
    }
    const id = await this.tickets.transaction(async (em) => {
      await this.checkReferences(em, { enteId: dto.enteId, categoryId: dto.categoryId });
      const requester = await this.resolveRequester(em, dto);
      const enteId = dto.enteId ?? requester.enteId ?? null;
      const number = await this.tickets.nextNumber(
        em,
        DateTime.fromJSDate(receivedAt, { zone: NUMBERING_ZONE }).year,
      );
      const ticket = await this.tickets.insertTicket(em, {
        number,
        channel: dto.channel,
        status: 'new',
        subject: dto.subject.trim(),
        description: dto.description?.trim() ?? '',
        requesterId: requester.id,
        enteId,
        categoryId: dto.categoryId ?? null,
        difficulty: dto.difficulty ?? null,
        malfunction: dto.malfunction ?? false,
        receivedAt,
      });
      const events: PlannedEvent[] = [
        {
          type: 'created',
          occurredAt: receivedAt,
          payload: {
            channel: dto.channel,
            number,
            malfunction: ticket.malfunction,
            enteId,
            requesterId: requester.id,
          },
        },
        {
          type: 'message',
          occurredAt: receivedAt,
          payload: {
            direction: 'in',
            via: dto.channel,
            from: { name: requester.name, phone: requester.phone },
          },
          body: [dto.subject.trim(), dto.description?.trim()].filter(Boolean).join('\n\n'),
        },
      ];
      if (dto.takeCharge) {
        const decision = decide(ticket, { type: 'take_charge', agentId: actor.id }, actor.id, now);
        await this.tickets.applyChanges(em, ticket.id, decision.changes);
        events.push(...decision.events);
      }
      await this.tickets.appendEvents(em, ticket.id, actor.id, events);
      await this.syncClocks(em, ticket.id, now);
      return ticket.id;
    });
    return this.get(id);
  }

  /** Runs one workflow action under a row lock; a stale `expectedVersion` changes nothing. */
  async act(
    id: string,
    action: TicketAction,
    actor: Actor,
    expectedVersion?: number,
    now = new Date(),
  ): Promise<TicketDetail> {
    await this.tickets.transaction(async (em) => {
      const ticket = await this.tickets.lockForUpdate(em, id);
      if (expectedVersion !== undefined && expectedVersion !== ticket.version) {
        throw new VersionConflictError(expectedVersion, ticket.version);
      }
      await this.checkAction(em, action, ticket.receivedAt, now);
      const decision = decide(ticket, action, actor.id, now);
      if (decision.events.length === 0) return;
      await this.tickets.applyChanges(em, id, decision.changes);
      await this.tickets.appendEvents(em, id, actor.id, decision.events);
      if (Object.keys(decision.changes).length > 0) await this.syncClocks(em, id, now);
    });
    return this.get(id);
  }

  update(id: string, dto: UpdateTicketDto, actor: Actor, now = new Date()): Promise<TicketDetail> {
    const { version, ...fields } = dto;
    return this.act(id, { type: 'update', fields }, actor, version, now);
  }

  /** Moves the ticket to another policy version (supervisors); the clocks recompute from their own start. */
  async changeSlaPolicy(
    id: string,
    policyId: string,
    actor: Actor,
    expectedVersion?: number,
    now = new Date(),
  ): Promise<TicketDetail> {
    await this.tickets.transaction(async (em) => {
      const ticket = await this.tickets.lockForUpdate(em, id);
      if (expectedVersion !== undefined && expectedVersion !== ticket.version) {
        throw new VersionConflictError(expectedVersion, ticket.version);
      }
      const [policy] = await em.query(`SELECT id FROM sla_policy WHERE id = $1`, [policyId]);
      if (!policy) {
        throw new ValidationError([
          { field: 'policyId', reason: 'policy SLA inesistente / no such SLA policy' },
        ]);
      }
      if (ticket.slaPolicyId === policyId) return;
      await em.query(
        `UPDATE ticket SET sla_policy_id = $2, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, policyId],
      );
      await this.tickets.appendEvents(em, id, actor.id, [
        {
          type: 'field_changed',
          occurredAt: now,
          payload: { field: 'slaPolicyId', from: ticket.slaPolicyId, to: policyId },
        },
      ]);
      await this.syncClocks(em, id, now);
    });
    return this.get(id);
  }

  /** The SLA clocks follow the ticket in the same transaction; their verdicts join the timeline. */
  private async syncClocks(em: EntityManager, ticketId: string, now: Date): Promise<void> {
    const events: SlaTimelineEvent[] = await this.slaClocks.sync(em, ticketId, now);
    await this.tickets.appendEvents(em, ticketId, null, events);
  }

  private async checkAction(em: EntityManager, action: TicketAction, receivedAt: Date, now: Date) {
    const problems: FieldProblem[] = [];
    const checkInstant = (field: string, at: Date | undefined) => {
      if (!at) return;
      if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
        problems.push({ field, reason: 'non può essere nel futuro / cannot be in the future' });
      } else if (at < receivedAt) {
        problems.push({
          field,
          reason: 'precede la ricezione del ticket / is before the ticket was received',
        });
      }
    };
    if (action.type === 'take_charge' && !(await this.references.findActiveStaff(em, action.agentId))) {
      problems.push({
        field: 'agentId',
        reason: 'operatore inesistente o non attivo / no such active agent',
      });
    }
    if (
      action.type === 'assign' &&
      action.assigneeId &&
      !(await this.references.findActiveStaff(em, action.assigneeId))
    ) {
      problems.push({
        field: 'assigneeId',
        reason: 'operatore inesistente o non attivo / no such active agent',
      });
    }
    if (action.type === 'reply') checkInstant('answeredAt', action.at);
    if (action.type === 'start_intervention') checkInstant('startedAt', action.at);
    if (problems.length) throw new ValidationError(problems);
    if (action.type === 'update') await this.checkReferences(em, action.fields);
  }

  private async checkReferences(
    em: EntityManager,
    refs: { enteId?: string | null; categoryId?: string | null },
  ) {
    const problems: FieldProblem[] = [];
    if (refs.enteId && !(await this.references.exists(em, 'ente', refs.enteId))) {
      problems.push({ field: 'enteId', reason: 'ente inesistente / no such ente' });
    }
    if (refs.categoryId && !(await this.references.exists(em, 'category', refs.categoryId))) {
      problems.push({ field: 'categoryId', reason: 'categoria inesistente / no such category' });
    }
    if (problems.length) throw new ValidationError(problems);
  }

  private async resolveRequester(em: EntityManager, dto: CreateTicketDto) {
    if (dto.requesterId) {
      const contact = await this.references.findContact(em, dto.requesterId);
      if (!contact)
        throw new ValidationError([
          { field: 'requesterId', reason: 'contatto inesistente / no such contact' },
        ]);
      return contact;
    }
    const caller = dto.requester!;
    const known = await this.references.findContactByEmailOrPhone(em, caller.email, caller.phone);
    if (known) return known;
    return this.references.insertContact(em, {
      name: caller.name.trim(),
      phone: caller.phone.trim(),
      email: caller.email?.trim() ?? null,
      enteId: dto.enteId ?? null,
    });
  }
}
