import { AuditService } from '@app/auth';
import { ConflictError, NotFoundError, ValidationError } from '@app/common';
import { MailRetentionRepository } from '@app/mail';
import { PublicRequestPrivacyRepository } from '@app/portal/public-request-privacy.repository';
import { CallRetentionRepository } from '@app/telephony';
import { AttachmentRepository, RetentionContactRow, TicketRetentionRepository } from '@app/tickets';
import { Injectable } from '@nestjs/common';

export interface Rectification {
  name?: string;
  email?: string | null;
  phone?: string | null;
}

/**
 * A person's rights on a contact (issue 18.5): erasure (art. 17) anonymises the contact and
 * every ticket of theirs now, as a retention run would; rectification (art. 16) corrects it; a
 * legal hold keeps a contact or ticket out of both until lifted. Each is audited with who and
 * why, never with the personal data itself.
 */
@Injectable()
export class ContactPrivacyService {
  constructor(
    private readonly tickets: TicketRetentionRepository,
    private readonly attachments: AttachmentRepository,
    private readonly mail: MailRetentionRepository,
    private readonly calls: CallRetentionRepository,
    private readonly publicRequests: PublicRequestPrivacyRepository,
    private readonly audit: AuditService,
  ) {}

  async erase(contactId: string, actorId: string, reason: string): Promise<{ tickets: number }> {
    return this.tickets.transaction(async (em) => {
      const contact = await this.tickets.findContact(contactId, em);
      if (!contact) throw new NotFoundError('Contatto / Contact', contactId);
      if (contact.anonymisedAt) {
        throw new ConflictError('Contatto già anonimizzato / Contact already anonymised', {
          reasonCode: 'alreadyAnonymised',
        });
      }
      if (contact.legalHold) {
        throw new ConflictError(
          `Contatto sotto blocco legale: ${contact.legalHold} / Contact under legal hold: ${contact.legalHold}`,
          { reasonCode: 'legalHold', hold: contact.legalHold },
        );
      }
      const tickets = await this.tickets.contactTickets(em, contactId);
      const held = tickets.filter((t) => t.legalHold);
      if (held.length > 0) {
        const numbers = held.map((t) => t.number).join(', ');
        throw new ConflictError(
          `Ticket sotto blocco legale: ${numbers} / Tickets under legal hold: ${numbers}`,
          { reasonCode: 'ticketLegalHold', tickets: held.map((t) => t.number) },
        );
      }
      const open = tickets.filter((t) => t.open);
      if (open.length > 0) {
        const numbers = open.map((t) => t.number).join(', ');
        throw new ConflictError(
          `Ticket ancora aperti, da chiudere prima: ${numbers} / Tickets still open, resolve them first: ${numbers}`,
          { reasonCode: 'openTickets', tickets: open.map((t) => t.number) },
        );
      }
      const at = new Date();
      const ids = tickets.map((t) => t.id);
      await this.tickets.anonymiseTickets(em, ids, at);
      const mailIds = await this.mail.inboundOfTickets(em, ids);
      await this.mail.purgeInbound(em, mailIds, at, true);
      await this.attachments.deleteForTickets(em, ids, mailIds);
      await this.mail.redactOutboundOfTickets(em, ids, at);
      await this.calls.anonymiseCalls(em, { ticketIds: ids, contactIds: [contactId] }, at);
      // The public form's requests of this address (waiting, or the address kept beside a
      // confirmed one): before the contact's address becomes its pseudonym.
      const publicRequests = await this.publicRequests.forget(em, { email: contact.email, ticketIds: ids });
      await this.tickets.anonymiseContacts(em, [contactId], at);
      await this.audit.record(
        {
          actorId,
          action: 'privacy.contact_erased',
          targetType: 'contact',
          targetId: contactId,
          details: { reason, tickets: ids.length, publicRequests },
        },
        em,
      );
      return { tickets: ids.length };
    });
  }

  async rectify(
    contactId: string,
    fields: Rectification,
    actorId: string,
    reason: string,
  ): Promise<RetentionContactRow> {
    return this.tickets.transaction(async (em) => {
      const contact = await this.tickets.findContact(contactId, em);
      if (!contact) throw new NotFoundError('Contatto / Contact', contactId);
      if (contact.anonymisedAt) {
        throw new ConflictError(
          'Contatto anonimizzato: non si corregge / Anonymised contact: it cannot be corrected',
          {
            reasonCode: 'alreadyAnonymised',
          },
        );
      }
      const email = fields.email?.trim() || (fields.email === undefined ? undefined : null);
      if (email && (await this.tickets.emailTaken(em, email, contactId))) {
        throw new ValidationError([
          {
            field: 'email',
            reason: 'indirizzo già di un altro contatto / address already used by another contact',
            code: 'emailTaken',
          },
        ]);
      }
      const changes: Rectification = {
        name: fields.name?.trim(),
        email,
        phone: fields.phone === undefined ? undefined : fields.phone?.trim() || null,
      };
      const changed = (Object.keys(changes) as (keyof Rectification)[]).filter(
        (k) => changes[k] !== undefined && changes[k] !== contact[k],
      );
      await this.tickets.rectifyContact(em, contactId, changes);
      await this.audit.record(
        {
          actorId,
          action: 'privacy.contact_rectified',
          targetType: 'contact',
          targetId: contactId,
          // Which fields, not their values: the audit log must not become a copy of the data.
          details: { reason, fields: changed },
        },
        em,
      );
      return (await this.tickets.findContact(contactId, em))!;
    });
  }

  async setHold(kind: 'ticket' | 'contact', id: string, hold: string | null, actorId: string): Promise<void> {
    const found = await this.tickets.setHold(kind, id, hold);
    if (!found) throw new NotFoundError(kind === 'ticket' ? 'Ticket' : 'Contatto / Contact', id);
    await this.audit.record({
      actorId,
      action: hold ? 'privacy.legal_hold_set' : 'privacy.legal_hold_lifted',
      targetType: kind,
      targetId: id,
      details: hold ? { reason: hold } : {},
    });
  }
}
