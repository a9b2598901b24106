import { AuditService } from '@app/auth';
import { NotFoundError } from '@app/common';
import { MailExportRepository } from '@app/mail';
import { PublicRequestPrivacyRepository } from '@app/portal/public-request-privacy.repository';
import { SlaRegistry } from '@app/sla';
import { CallExportRepository } from '@app/telephony';
import { AttachmentExportRepository, ContactRecordRepository } from '@app/tickets';
import { Injectable } from '@nestjs/common';

import { ContactExportData, exportFilename } from './contact-export.document';
import { contactExportZip } from './contact-export.zip';
import { PrivacyPolicyService } from './privacy-policy.service';

export interface ContactExport {
  filename: string;
  stream: NodeJS.ReadableStream;
}

/**
 * The access request (GDPR art. 15, issue 18): everything held about a person, read through each
 * table's owner, as a ZIP. Audited with who asked and for whom, never with the data.
 */
@Injectable()
export class ContactExportService {
  constructor(
    private readonly records: ContactRecordRepository,
    private readonly attachments: AttachmentExportRepository,
    private readonly mail: MailExportRepository,
    private readonly calls: CallExportRepository,
    private readonly publicRequests: PublicRequestPrivacyRepository,
    private readonly policies: PrivacyPolicyService,
    private readonly registry: SlaRegistry,
    private readonly audit: AuditService,
  ) {}

  async export(contactId: string, actorId: string, ip: string | null): Promise<ContactExport> {
    const contact = await this.records.findContact(contactId);
    if (!contact) throw new NotFoundError('Contatto / Contact', contactId);
    const tickets = await this.records.ticketDetails(contactId);
    const ids = tickets.map((t) => t.id);
    const policy = await this.policies.active();
    const data: ContactExportData = {
      generatedAt: new Date(),
      zone: (await this.registry.defaultCalendar()).timeZone,
      policy: { version: policy.version, definition: policy.definition },
      contact,
      tickets,
      timeline: await this.records.timeline(contactId),
      attachments: await this.attachments.listForTickets(ids),
      inbound: await this.mail.inboundOf(ids),
      outbound: await this.mail.outboundTo(ids, contact.email),
      calls: await this.calls.callsOf(contactId, ids),
      publicRequests: await this.publicRequests.pendingOf(contact.email),
    };
    // Before the first byte: an export that was handed out is on record even if the download breaks.
    await this.audit.record({
      actorId,
      action: 'privacy.contact_exported',
      targetType: 'contact',
      targetId: contactId,
      ip,
      details: {
        tickets: tickets.length,
        attachments: data.attachments.length,
        publicRequests: data.publicRequests.length,
      },
    });
    return {
      filename: exportFilename(contact, data.generatedAt, data.zone),
      stream: contactExportZip(
        data,
        (id) => this.attachments.content(id),
        (id) => this.publicRequests.fileContent(id),
      ),
    };
  }
}
