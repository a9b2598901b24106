import { ConflictError, recordCreated, ValidationError, VersionConflictError } from '@app/common';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { AttachmentRepository } from '../attachments/attachment.repository';
import { TICKET_CHANNELS, TicketChannel, TicketEntity } from '../entities';
import { TicketRepository } from '../ticket.repository';
import { Actor, TicketDetail, TicketService } from '../ticket.service';
import { decide, PlannedEvent } from '../workflow/ticket-workflow';
import { TicketWriter } from '../writer/ticket-writer.service';
import type { MessageOrigin, MessagePayload, TimelineEvent } from '../writer/timeline-event.types';
import { checkMerge } from './merge.rules';
import { LinkKind, TicketLinkRepository } from './ticket-link.repository';

/**
 * Merge, split and link (issue 19.7), through the one ticket writer. The timeline is append-only,
 * so a merge copies the duplicate's messages onto the target (each copy names its original) rather
 * than moving them; the duplicate keeps its own history, closes as resolved with `merged_into_id`
 * set, and the reports count its request once, in the target.
 */
@Injectable()
export class TicketMergeService {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly links: TicketLinkRepository,
    private readonly writer: TicketWriter,
    private readonly service: TicketService,
    private readonly attachments: AttachmentRepository,
  ) {}

  /** Merges `duplicateId` into `targetId`; returns the target as it is then. */
  async merge(
    duplicateId: string,
    targetId: string,
    actor: Actor,
    version?: number,
    now = new Date(),
  ): Promise<TicketDetail> {
    await this.tickets.transaction(async (em) => {
      if (duplicateId !== targetId && !(await this.links.exists(em, targetId))) {
        throw new ValidationError([
          { field: 'targetId', reason: 'ticket inesistente / no such ticket', code: 'notFound' },
        ]);
      }
      const [duplicate, target] = await this.lockPair(em, duplicateId, targetId);
      this.checkVersion(duplicate, version);
      checkMerge(duplicate, target);
      const messages = await this.links.messages(em, duplicate.id);
      // The messages' files go with them: copied onto the target (its page lists and serves only
      // its own), once each; a copied answer names the target's copy of each file it carried.
      const copies = new Map(
        (await this.attachments.copyToTicket(em, duplicate.id, target.id)).map((c) => [c.from, c.to]),
      );
      await this.writer.append(em, target.id, actor.id, [
        {
          type: 'merged_from',
          occurredAt: now,
          payload: { from: duplicate.id, number: duplicate.number, messages: messages.length },
        },
        ...messages.map((m): TimelineEvent => ({
          type: 'message',
          occurredAt: m.occurredAt,
          payload: {
            ...(m.payload as MessagePayload),
            ...withCopiedFiles(m.payload, copies),
            mergedFrom: { ticketId: duplicate.id, number: duplicate.number, eventId: m.id } as MessageOrigin,
          },
          body: m.body,
        })),
      ]);
      await this.tickets.applyChanges(em, target.id, {});
      // The duplicate closes through the workflow's resolve (an untaken one is taken implicitly by
      // whoever merges it), marked as a merge.
      const resolution = `Unito al ticket ${target.number} / Merged into ticket ${target.number}`;
      const decision = decide(duplicate, { type: 'resolve', resolution, notCompetent: false }, actor.id, now);
      const events: PlannedEvent[] = [
        {
          type: 'merged',
          occurredAt: now,
          payload: { into: target.id, number: target.number, messages: messages.length },
        },
        ...decision.events.map((e) =>
          e.type === 'status_changed' ? { ...e, payload: { ...e.payload, reason: 'merged' } } : e,
        ),
      ];
      await this.tickets.applyChanges(em, duplicate.id, { ...decision.changes, mergedIntoId: target.id });
      await this.writer.append(em, duplicate.id, actor.id, events);
      await this.writer.syncClocks(em, duplicate.id, now);
      recordCreated('ticket', target.id);
    });
    return this.service.get(targetId);
  }

  /**
   * A message of the ticket becomes a new ticket of the same requester and ente, linked as related.
   * Its clocks start at the message's instant: that is when the requester asked, and the reports
   * count the request in the month it arrived; a split made late shows as a late take-charge.
   */
  async split(
    ticketId: string,
    split: { eventId: string; subject?: string; version?: number },
    actor: Actor,
    now = new Date(),
  ): Promise<TicketDetail> {
    const id = await this.tickets.transaction(async (em) => {
      const source = await this.tickets.lockForUpdate(em, ticketId);
      this.checkVersion(source, split.version);
      if (source.mergedIntoId) {
        throw new ConflictError(
          `Il ticket ${source.number} è stato unito a un altro / Ticket ${source.number} was merged into another`,
          { reason: 'alreadyMerged' },
        );
      }
      const message = await this.links.message(em, source.id, split.eventId);
      if (!message || message.payload.direction !== 'in') {
        throw new ValidationError([
          {
            field: 'eventId',
            reason: 'non è un messaggio ricevuto di questo ticket / not a message this ticket received',
            code: 'notInboundMessage',
          },
        ]);
      }
      const via = String(message.payload.via ?? '');
      const channel: TicketChannel = (TICKET_CHANNELS as readonly string[]).includes(via)
        ? (via as TicketChannel)
        : source.channel;
      const body = message.body ?? '';
      const origin: MessageOrigin = { ticketId: source.id, number: source.number, eventId: message.id };
      const { direction: _direction, via: _via, ...extra } = message.payload;
      const created = await this.writer.open(
        em,
        {
          channel,
          subject: split.subject?.trim() || `${source.subject} (${splitWord})`,
          description: body,
          requesterId: source.requesterId,
          enteId: source.enteId,
          categoryId: source.categoryId,
          difficulty: null,
          malfunction: false,
          receivedAt: message.occurredAt,
          message: { payload: { ...extra, splitFrom: origin }, body },
        },
        actor.id,
        now,
      );
      if (source.teamId) await this.tickets.applyChanges(em, created.id, { teamId: source.teamId });
      await this.writer.append(em, created.id, actor.id, [
        {
          type: 'split_from',
          occurredAt: now,
          payload: { from: source.id, number: source.number, eventId: message.id },
        },
      ]);
      await this.writer.append(em, source.id, actor.id, [
        {
          type: 'split',
          occurredAt: now,
          payload: { to: created.id, number: created.number, eventId: message.id },
        },
      ]);
      await this.links.insert(em, {
        ticketId: created.id,
        otherId: source.id,
        kind: 'related',
        createdBy: actor.id,
      });
      await this.tickets.applyChanges(em, source.id, {});
      recordCreated('ticket', created.id);
      return created.id;
    });
    return this.service.get(id);
  }

  /** Links two tickets; `kind` as seen from `ticketId` (parent: `otherId` is its parent). */
  async link(ticketId: string, otherId: string, kind: LinkKind, actor: Actor, now = new Date()) {
    if (ticketId === otherId) {
      throw new ValidationError([
        {
          field: 'otherId',
          reason: 'un ticket non si collega a sé stesso / a ticket cannot be linked to itself',
          code: 'self',
        },
      ]);
    }
    await this.tickets.transaction(async (em) => {
      if (!(await this.links.exists(em, otherId))) {
        throw new ValidationError([
          { field: 'otherId', reason: 'ticket inesistente / no such ticket', code: 'notFound' },
        ]);
      }
      const [a, b] = await this.lockPair(em, ticketId, otherId);
      const existing = await this.links.find(em, a.id, b.id);
      if (existing) {
        throw new ConflictError('I due ticket sono già collegati / The two tickets are already linked', {
          reason: 'alreadyLinked',
        });
      }
      if (kind === 'child') {
        await this.links.insert(em, { ticketId: b.id, otherId: a.id, kind: 'parent', createdBy: actor.id });
      } else {
        await this.links.insert(em, { ticketId: a.id, otherId: b.id, kind, createdBy: actor.id });
      }
      await this.recordLink(em, 'linked', a, b, kind, actor, now);
    });
    return this.links.links(ticketId);
  }

  async unlink(ticketId: string, otherId: string, actor: Actor, now = new Date()) {
    await this.tickets.transaction(async (em) => {
      const [a, b] = await this.lockPair(em, ticketId, otherId);
      const existing = await this.links.find(em, a.id, b.id);
      if (!existing) {
        throw new ConflictError('I due ticket non sono collegati / The two tickets are not linked', {
          reason: 'notLinked',
        });
      }
      const kind: LinkKind =
        existing.kind === 'related' ? 'related' : existing.ticketId === a.id ? 'parent' : 'child';
      await this.links.delete(em, a.id, b.id);
      await this.recordLink(em, 'unlinked', a, b, kind, actor, now);
    });
    return this.links.links(ticketId);
  }

  list(ticketId: string) {
    return this.links.links(ticketId);
  }

  mergeCandidates(ticketId: string) {
    return this.links.mergeCandidates(ticketId);
  }

  /** Both tickets record the change, each with the kind as it sees it. */
  private async recordLink(
    em: EntityManager,
    type: 'linked' | 'unlinked',
    a: TicketEntity,
    b: TicketEntity,
    kind: LinkKind,
    actor: Actor,
    now: Date,
  ) {
    const reverse: Record<LinkKind, LinkKind> = { related: 'related', parent: 'child', child: 'parent' };
    await this.writer.append(em, a.id, actor.id, [
      { type, occurredAt: now, payload: { other: b.id, number: b.number, kind } },
    ]);
    await this.writer.append(em, b.id, actor.id, [
      { type, occurredAt: now, payload: { other: a.id, number: a.number, kind: reverse[kind] } },
    ]);
    await this.tickets.applyChanges(em, a.id, {});
    await this.tickets.applyChanges(em, b.id, {});
  }

  /** Locks two tickets in a fixed order (two merges crossing each other cannot deadlock). */
  private async lockPair(em: EntityManager, first: string, second: string) {
    if (first === second) {
      const one = await this.tickets.lockForUpdate(em, first);
      return [one, one] as const;
    }
    const [low, high] = first < second ? [first, second] : [second, first];
    const locked = new Map<string, TicketEntity>();
    locked.set(low, await this.tickets.lockForUpdate(em, low));
    locked.set(high, await this.tickets.lockForUpdate(em, high));
    return [locked.get(first)!, locked.get(second)!] as const;
  }

  private checkVersion(ticket: TicketEntity, expected?: number) {
    if (expected !== undefined && expected !== ticket.version) {
      throw new VersionConflictError(expected, ticket.version);
    }
  }
}

const splitWord = 'separato / split';

/** A message's `attachments` with each file id that has a copy on the target replaced by it. */
function withCopiedFiles(payload: Record<string, unknown>, copies: Map<string, string>) {
  if (!Array.isArray(payload.attachments)) return {};
  return {
    attachments: payload.attachments.map((a: unknown) => {
      if (!a || typeof a !== 'object') return a;
      const id = (a as { id?: unknown }).id;
      return typeof id === 'string' && copies.has(id) ? { ...a, id: copies.get(id) } : a;
    }),
  };
}
