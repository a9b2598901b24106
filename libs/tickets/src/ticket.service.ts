import { randomUUID } from 'node:crypto';

import { FieldProblem, IdempotencyStore, recordCreated, ValidationError } from '@app/common';
import { VersionConflictError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { SlaReadService } from '@app/sla';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CreateTicketDto } from './dto/create-ticket.dto';
import { UpdateTicketDto } from './dto/ticket-actions.dto';
import { TicketChannel, TicketEntity } from './entities';
import { TicketLinkRepository } from './merge/ticket-link.repository';
import { ReferenceRepository } from './reference.repository';
import { TeamRepository } from './teams/team.repository';
import { presentTicket } from './ticket.presenter';
import { TicketListQuery, TicketRepository } from './ticket.repository';
import { TICKET_MAILER, TicketMailer } from './ticket-mailer';
import { decide, Decision, isResolved, PlannedEvent, TicketAction } from './workflow/ticket-workflow';
import { NewTicket, TicketWriter } from './writer/ticket-writer.service';

export type { NewTicket } from './writer/ticket-writer.service';

/** Clocks drift: an instant up to this far ahead of ours is still "now", not the future. */
const CLOCK_SKEW_MS = 60_000;

export type TicketDetail = ReturnType<typeof presentTicket> & {
  sla: Awaited<ReturnType<SlaReadService['summary']>>;
};

export interface Actor {
  id: string;
  /** Set for a signed-in caller (the auth guard's actor); absent for the system and its jobs. */
  role?: string;
}

/** The staff roles: a signed-in caller in one of them was checked active by the guard. */
const STAFF_ROLES: readonly string[] = ['admin', 'supervisor', 'agent'];

@Injectable()
export class TicketService {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly references: ReferenceRepository,
    private readonly writer: TicketWriter,
    private readonly slaRead: SlaReadService,
    private readonly teams: TeamRepository,
    private readonly links: TicketLinkRepository,
    @Optional() @Inject(TICKET_MAILER) private readonly mailer?: TicketMailer,
    @Optional() idempotency?: IdempotencyStore,
    @Optional() @Inject(APP_CONFIG) private readonly config?: AppConfig,
  ) {
    // A retried creation whose first answer was lost after the commit gets the ticket as it is now.
    idempotency?.registerReplay('ticket', (id) => this.get(id));
  }

  /** The queue; `hideTeams` (a referent's listing) leaves every row's team out. */
  async list(query: TicketListQuery, hideTeams = false) {
    const page = await this.tickets.list(query);
    return hideTeams ? { ...page, items: page.items.map((row) => ({ ...row, teamId: null })) } : page;
  }

  async get(id: string): Promise<TicketDetail> {
    // The clocks are read alongside the ticket and its timeline, not after: one wait, not two.
    const [{ ticket, timeline }, sla] = await Promise.all([
      this.tickets.findDetail(id),
      this.slaRead.summary(id),
    ]);
    return { ...presentTicket(ticket, timeline), sla };
  }

  /** Phone intake: the caller becomes (or is matched to) a contact, the call a ticket and its first message. */
  async create(dto: CreateTicketDto, actor: Actor, now = new Date()): Promise<TicketDetail> {
    const receivedAt = dto.receivedAt ?? now;
    this.checkCallTime(receivedAt, now);
    const id = await this.tickets.transaction(async (em) => {
      await this.checkReferences(em, { enteId: dto.enteId, categoryId: dto.categoryId });
      const requester = await this.resolveRequester(em, dto);
      const ticket = await this.openTicket(
        em,
        {
          channel: dto.channel,
          subject: dto.subject,
          description: dto.description ?? '',
          requesterId: requester.id,
          enteId: dto.enteId ?? requester.enteId ?? null,
          categoryId: dto.categoryId ?? null,
          difficulty: dto.difficulty ?? null,
          malfunction: dto.malfunction ?? false,
          receivedAt,
          message: {
            payload: { from: { name: requester.name, phone: requester.phone } },
            body: [dto.subject.trim(), dto.description?.trim()].filter(Boolean).join('\n\n'),
          },
          // What the agent chose at intake wins over a routing rule (issue 19.2).
          explicit: [
            ...(dto.categoryId ? (['categoryId'] as const) : []),
            ...(dto.difficulty ? (['difficulty'] as const) : []),
            ...(dto.takeCharge ? (['assigneeId'] as const) : []),
          ],
        },
        actor.id,
        now,
      );
      if (dto.takeCharge) {
        await this.actInTransaction(em, ticket.id, { type: 'take_charge', agentId: actor.id }, actor.id, now);
      }
      recordCreated('ticket', ticket.id);
      return ticket.id;
    });
    return this.get(id);
  }

  /** Opens a ticket through the writer (kept for monitoring and the mail slow path). */
  openTicket(em: EntityManager, input: NewTicket, actorId: string | null, now: Date): Promise<TicketEntity> {
    return this.writer.open(em, input, actorId, now);
  }

  /**
   * One workflow action on a ticket the caller's transaction locks here; returns the decision so
   * the caller can add what belongs with it (an outbox row, a mail reference) in the same commit.
   */
  async actInTransaction(
    em: EntityManager,
    id: string,
    action: TicketAction,
    actorId: string | null,
    now: Date,
    expectedVersion?: number,
    extraEvents: PlannedEvent[] = [],
    /** A signed-in staff member acting in this request: the guard has just checked they are active. */
    signedInStaffId?: string,
  ): Promise<{ ticket: TicketEntity; decision: Decision }> {
    const { ticket, enteCalendar } = await this.tickets.lockWithCalendar(em, id);
    if (expectedVersion !== undefined && expectedVersion !== ticket.version) {
      throw new VersionConflictError(expectedVersion, ticket.version);
    }
    await this.checkAction(em, action, ticket.receivedAt, now, signedInStaffId);
    // The system (mail, monitoring) acts as the assignee would; with nobody assigned, a step that
    // takes charge implicitly leaves the ticket unassigned.
    const decision = decide(ticket, action, actorId ?? ticket.assigneeId, now);
    const events = [...decision.events, ...extraEvents];
    if (events.length === 0) return { ticket, decision };
    const changes = decision.changes;
    await this.tickets.applyChanges(em, id, changes);
    if (Object.keys(changes).length === 0) {
      await this.writer.append(em, id, actorId, events);
      return { ticket, decision };
    }
    // The clocks follow the ticket as just written: the locked row with the action's changes.
    const after = { ...ticket, ...changes };
    const calendar =
      changes.enteId !== undefined && changes.enteId !== ticket.enteId
        ? await this.tickets.enteCalendar(em, changes.enteId)
        : enteCalendar;
    await this.writer.appendWithClocks(em, id, actorId, events, {
      at: now,
      ticket: {
        channel: after.channel,
        malfunction: after.malfunction,
        difficulty: after.difficulty,
        status: after.status,
        received_at: after.receivedAt,
        taken_in_charge_at: after.takenInChargeAt,
        first_answered_at: after.firstAnsweredAt,
        intervention_started_at: after.interventionStartedAt,
        resolved_at: after.resolvedAt,
        sla_policy_id: after.slaPolicyId,
        calendar_code: calendar,
      },
    });
    return { ticket, decision };
  }

  /** Runs one workflow action under a row lock; a stale `expectedVersion` changes nothing. */
  async act(
    id: string,
    action: TicketAction,
    actor: Actor,
    expectedVersion?: number,
    now = new Date(),
  ): Promise<TicketDetail> {
    await this.tickets.transaction((em) => {
      recordCreated('ticket', id); // a retry whose answer was lost gets the ticket as it is then
      return this.actInTransaction(em, id, action, actor.id, now, expectedVersion, [], signedInStaff(actor));
    });
    return this.get(id);
  }

  /** Escalation between levels (issue 19.3): to another team, with a note on the timeline. */
  async moveTeam(
    id: string,
    move: { teamId: string | null; note?: string; keepAssignee?: boolean; version?: number },
    actor: Actor,
    now = new Date(),
  ): Promise<TicketDetail> {
    if (move.teamId && !(await this.tickets.transaction((em) => this.teams.exists(em, move.teamId!)))) {
      throw new ValidationError([
        { field: 'teamId', reason: 'team inesistente o non attivo / no such active team' },
      ]);
    }
    return this.act(
      id,
      { type: 'move_team', teamId: move.teamId, note: move.note, keepAssignee: move.keepAssignee },
      actor,
      move.version,
      now,
    );
  }

  update(id: string, dto: UpdateTicketDto, actor: Actor, now = new Date()): Promise<TicketDetail> {
    const { version, ...fields } = dto;
    return this.act(id, { type: 'update', fields }, actor, version, now);
  }

  /**
   * A message from the requester on an existing ticket (an e-mail reply), in the caller's
   * transaction: it reopens a resolved ticket or resumes a waiting one when asked to.
   */
  async addInboundMessage(
    em: EntityManager,
    id: string,
    message: { occurredAt: Date; via: TicketChannel; payload: Record<string, unknown>; body: string },
    effect: { reopen: boolean; resume: boolean },
    now: Date,
  ): Promise<void> {
    // A reply to a merged duplicate belongs to the ticket it was merged into (issue 19.7).
    const target = await this.links.mergeTarget(em, id);
    if (target !== id) {
      const merged = await this.tickets.lockForUpdate(em, target);
      return this.addInboundMessage(
        em,
        target,
        message,
        { reopen: effect.reopen && isResolved(merged.status), resume: merged.status === 'waiting' },
        now,
      );
    }
    const action: TicketAction | null = effect.reopen
      ? { type: 'reopen', reason: 'Nuovo messaggio del richiedente / New message from the requester' }
      : effect.resume
        ? { type: 'resume' }
        : null;
    const event: PlannedEvent = {
      type: 'message',
      occurredAt: message.occurredAt,
      payload: { direction: 'in', via: message.via, ...message.payload },
      body: message.body,
    };
    if (action) {
      await this.actInTransaction(em, id, action, null, now, undefined, [event]);
      return;
    }
    await this.tickets.lockForUpdate(em, id);
    await this.tickets.applyChanges(em, id, {});
    await this.writer.append(em, id, null, [event]);
  }

  /**
   * The agent's answer. By phone it is recorded; by e-mail it is also written to the outbox in
   * the same transaction (sent after the commit), and it stops SLA.7 at the instant it was sent.
   */
  async reply(
    id: string,
    reply: {
      via: 'phone' | 'email';
      body: string;
      answeredAt?: Date;
      cc?: string[];
      attachmentIds?: string[];
    },
    actor: Actor,
    expectedVersion?: number,
    now = new Date(),
  ): Promise<TicketDetail> {
    if (reply.via === 'phone') {
      if (reply.attachmentIds?.length)
        throw new ValidationError([
          { field: 'attachmentIds', reason: 'solo con risposte via e-mail / e-mail answers only' },
        ]);
      return this.act(
        id,
        { type: 'reply', via: 'phone', body: reply.body, at: reply.answeredAt },
        actor,
        expectedVersion,
        now,
      );
    }
    const mailer = this.mailer;
    if (!mailer)
      throw new ValidationError([
        { field: 'via', reason: 'invio e-mail non disponibile / e-mail sending unavailable' },
      ]);
    if (reply.answeredAt) {
      throw new ValidationError([
        {
          field: 'answeredAt',
          reason:
            "solo per risposte telefoniche: l'e-mail parte ora / phone answers only: an e-mail is sent now",
        },
      ]);
    }
    const outboundId = await this.tickets.transaction(async (em) => {
      const ticket = await this.tickets.lockForUpdate(em, id);
      if (expectedVersion !== undefined && expectedVersion !== ticket.version) {
        throw new VersionConflictError(expectedVersion, ticket.version);
      }
      const mail = await mailer.queueReply(em, id, {
        body: reply.body,
        cc: reply.cc ?? [],
        attachmentIds: reply.attachmentIds ?? [],
      });
      await this.actInTransaction(
        em,
        id,
        {
          type: 'reply',
          via: 'email',
          body: reply.body,
          mail: {
            outboundId: mail.outboundId,
            messageId: mail.messageId,
            to: mail.to,
            cc: mail.cc,
            attachments: mail.attachments,
          },
        },
        actor.id,
        now,
      );
      return mail.outboundId;
    });
    await mailer.dispatch([outboundId]);
    return this.get(id);
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
      if (!(await this.references.exists(em, 'sla_policy', policyId))) {
        throw new ValidationError([
          { field: 'policyId', reason: 'policy SLA inesistente / no such SLA policy' },
        ]);
      }
      if (ticket.slaPolicyId === policyId) return;
      await this.tickets.changeSlaPolicy(em, id, policyId);
      await this.writer.append(em, id, actor.id, [
        {
          type: 'field_changed',
          occurredAt: now,
          payload: { field: 'slaPolicyId', from: ticket.slaPolicyId, to: policyId },
        },
      ]);
      await this.writer.syncClocks(em, id, now);
    });
    return this.get(id);
  }

  /**
   * A call logged afterwards starts its clocks when the citizen called, but no later than now and
   * no earlier than the configured window (INTAKE_BACKDATE_HOURS): older contacts are history.
   */
  private checkCallTime(receivedAt: Date, now: Date): void {
    if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
      throw new ValidationError([
        {
          field: 'receivedAt',
          reason: 'non può essere nel futuro / cannot be in the future',
          code: 'future',
        },
      ]);
    }
    const hours = this.config?.INTAKE_BACKDATE_HOURS ?? 0;
    if (hours > 0 && receivedAt.getTime() < now.getTime() - hours * 3_600_000 - CLOCK_SKEW_MS) {
      throw new ValidationError([
        {
          field: 'receivedAt',
          reason: `al massimo ${hours} ore fa / at most ${hours} hours ago`,
          code: 'tooOld',
          params: { hours },
        },
      ]);
    }
  }

  private async checkAction(
    em: EntityManager,
    action: TicketAction,
    receivedAt: Date,
    now: Date,
    signedInStaffId?: string,
  ) {
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
    // Taking charge oneself needs no lookup: the request's own sign-in showed an active staff member.
    if (
      action.type === 'take_charge' &&
      action.agentId !== signedInStaffId &&
      !(await this.references.findActiveStaff(em, action.agentId))
    ) {
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
    const contact = {
      id: randomUUID(),
      name: caller.name.trim(),
      phone: caller.phone.trim(),
      email: caller.email?.trim() ?? null,
      enteId: dto.enteId ?? null,
    };
    await this.writer.insertContacts(em, [contact]);
    return contact;
  }
}

/** The actor's id when they are a signed-in staff member (the guard checked them active), else undefined. */
function signedInStaff(actor: Actor): string | undefined {
  return actor.role !== undefined && STAFF_ROLES.includes(actor.role) ? actor.id : undefined;
}
