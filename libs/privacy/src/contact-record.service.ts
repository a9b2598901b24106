import { NotFoundError } from '@app/common';
import { ContactRecordRepository } from '@app/tickets';
import { Injectable } from '@nestjs/common';

import type { ContactRecordResponse } from './contact-record.dto';

/** A person's record as supervisors see it before acting on a request (access, rectification, erasure). */
@Injectable()
export class ContactRecordService {
  constructor(private readonly records: ContactRecordRepository) {}

  async get(id: string): Promise<ContactRecordResponse> {
    const contact = await this.records.findContact(id);
    if (!contact) throw new NotFoundError('Contatto / Contact', id);
    return { ...contact, tickets: await this.records.tickets(id) };
  }
}
