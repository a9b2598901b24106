import { AuditService } from '@app/auth';
import { NotFoundError, ValidationError } from '@app/common';
import { Injectable } from '@nestjs/common';

import { TicketDetail, TicketService } from '../ticket.service';
import { TagRepository, TagRow } from './tag.repository';
import { normaliseTag } from './tag-name.util';
import { TicketTagger } from './ticket-tagger.service';

/** The admins' list of tags (issue 19.5); every change is audited. */
@Injectable()
export class TagService {
  constructor(
    private readonly tags: TagRepository,
    private readonly tagger: TicketTagger,
    private readonly audit: AuditService,
    private readonly tickets: TicketService,
  ) {}

  /** Adds and removes tags on one ticket, with the version the caller read (409 if stale). */
  async changeTicketTags(
    ticketId: string,
    change: { add?: string[]; remove?: string[]; version?: number },
    actorId: string,
    now = new Date(),
  ): Promise<TicketDetail> {
    await this.tags.transaction(async (em) => {
      const checked = await this.tagger.check(em, change);
      await this.tagger.applyInTransaction(em, ticketId, checked, actorId, now, change.version);
    });
    return this.tickets.get(ticketId);
  }

  async list(): Promise<{ freeTags: boolean; items: TagRow[] }> {
    return { freeTags: this.tagger.freeTags, items: await this.tags.list() };
  }

  async create(dto: { name: string; label?: string }, actorId: string): Promise<TagRow> {
    const name = this.name(dto.name);
    await this.tags.transaction(async (em) => {
      if (!(await this.tags.insert(em, { name, label: dto.label?.trim() || name }))) {
        throw new ValidationError([
          { field: 'name', reason: 'etichetta già in elenco / tag already listed', code: 'taken' },
        ]);
      }
      await this.audit.record({ actorId, action: 'tag_created', targetType: 'tag', targetId: name }, em);
    });
    return (await this.tags.find(name))!;
  }

  async relabel(name: string, label: string, actorId: string): Promise<TagRow> {
    await this.tags.transaction(async (em) => {
      if (!(await this.tags.relabel(em, name, label.trim())))
        throw new NotFoundError('Etichetta / Tag', name);
      await this.audit.record({ actorId, action: 'tag_updated', targetType: 'tag', targetId: name }, em);
    });
    return (await this.tags.find(name))!;
  }

  /** Off the list; tickets that carry it keep it (their history stays as it was). */
  async remove(name: string, actorId: string): Promise<void> {
    await this.tags.transaction(async (em) => {
      if (!(await this.tags.remove(em, name))) throw new NotFoundError('Etichetta / Tag', name);
      await this.audit.record({ actorId, action: 'tag_deleted', targetType: 'tag', targetId: name }, em);
    });
  }

  private name(raw: string): string {
    const name = normaliseTag(raw);
    if (!name) {
      throw new ValidationError([
        {
          field: 'name',
          reason:
            'etichetta non valida: lettere, cifre, - e _, al massimo 50 / invalid tag: letters, digits, - and _, at most 50',
          code: 'tagName',
        },
      ]);
    }
    return name;
  }
}
