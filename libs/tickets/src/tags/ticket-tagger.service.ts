import { FieldProblem, ValidationError, VersionConflictError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { TicketRepository } from '../ticket.repository';
import { TicketWriter } from '../writer/ticket-writer.service';
import { TagRepository } from './tag.repository';
import { diffTags, normaliseTag, TagDiff } from './tag-name.util';

export interface TagChange {
  add?: readonly string[];
  remove?: readonly string[];
}

/**
 * Tags on a ticket (issue 19.5): part of the ticket aggregate, so changed under the ticket's row
 * lock, with its version checked and moved on, and recorded on the timeline (`tags_changed`).
 */
@Injectable()
export class TicketTagger {
  constructor(
    private readonly tags: TagRepository,
    private readonly tickets: TicketRepository,
    private readonly writer: TicketWriter,
    @Optional() @Inject(APP_CONFIG) private readonly config?: AppConfig,
  ) {}

  /** Whether tags off the admins' list may be put on tickets (TICKETS_FREE_TAGS). */
  get freeTags(): boolean {
    return this.config?.TICKETS_FREE_TAGS ?? false;
  }

  /**
   * The stored names of what the caller asked for; a malformed name, or (without free tags) one
   * that is not on the list, is a 400 naming it. Removing a tag no longer on the list is allowed.
   */
  async check(
    em: EntityManager,
    change: TagChange,
    field = { add: 'add', remove: 'remove' },
  ): Promise<{ add: string[]; remove: string[] }> {
    const problems: FieldProblem[] = [];
    const names = (raw: readonly string[] | undefined, at: string) =>
      (raw ?? []).flatMap((tag, i) => {
        const name = normaliseTag(tag);
        if (name) return [name];
        problems.push({
          field: `${at}[${i}]`,
          reason:
            'etichetta non valida: lettere, cifre, - e _, al massimo 50 / invalid tag: letters, digits, - and _, at most 50',
          code: 'tagName',
        });
        return [];
      });
    const add = names(change.add, field.add);
    const remove = names(change.remove, field.remove);
    if (!this.freeTags && add.length > 0) {
      const known = await this.tags.known(em, add);
      add.forEach((name, i) => {
        if (known.has(name)) return;
        problems.push({
          field: `${field.add}[${i}]`,
          reason: `etichetta "${name}" non in elenco / tag "${name}" is not on the list`,
          code: 'unknownTag',
          params: { tag: name },
        });
      });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    return { add, remove };
  }

  /**
   * Changes the ticket's tags in the caller's transaction (checked names, see `check`); nothing
   * to change writes nothing and keeps the version.
   */
  async applyInTransaction(
    em: EntityManager,
    ticketId: string,
    change: { add: string[]; remove: string[] },
    actorId: string | null,
    now: Date,
    expectedVersion?: number,
  ): Promise<TagDiff> {
    const ticket = await this.tickets.lockForUpdate(em, ticketId);
    if (expectedVersion !== undefined && expectedVersion !== ticket.version) {
      throw new VersionConflictError(expectedVersion, ticket.version);
    }
    const diff = diffTags(await this.tags.ofTicket(em, ticketId), change.add, change.remove);
    if (diff.added.length === 0 && diff.removed.length === 0) return diff;
    await this.tags.addToTicket(em, ticketId, diff.added);
    await this.tags.removeFromTicket(em, ticketId, diff.removed);
    await this.tickets.applyChanges(em, ticketId, {});
    await this.writer.append(em, ticketId, actorId, [
      { type: 'tags_changed', occurredAt: now, payload: { added: diff.added, removed: diff.removed } },
    ]);
    return diff;
  }
}
