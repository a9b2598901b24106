import type { ExportedInboundRow, ExportedOutboundRow } from '@app/mail';
import type { ExportedPublicRequestRow } from '@app/portal/public-request-privacy.repository';
import type { ExportedCallRow } from '@app/telephony';
import type {
  ContactRecordRow,
  ContactTicketDetailRow,
  ContactTimelineRow,
  ExportedAttachmentRow,
} from '@app/tickets';
import { contactPseudonym } from '@app/tickets';
import { DateTime } from 'luxon';

import type { PrivacyPolicyDefinition } from './privacy-policy.types';

/** Everything held about one person, read once for their access request (GDPR art. 15). */
export interface ContactExportData {
  generatedAt: Date;
  /** The consortium's zone: the dates of the file name and of the PDF. */
  zone: string;
  policy: { version: number; definition: PrivacyPolicyDefinition };
  contact: ContactRecordRow;
  tickets: ContactTicketDetailRow[];
  timeline: ContactTimelineRow[];
  attachments: ExportedAttachmentRow[];
  inbound: ExportedInboundRow[];
  outbound: ExportedOutboundRow[];
  calls: ExportedCallRow[];
  /** Requests sent by the public form from the person's address, still waiting for confirmation. */
  publicRequests: ExportedPublicRequestRow[];
}

/** Where a file goes in the ZIP. */
export interface ExportFile {
  id: string;
  path: string;
}

/** A file name safe in any unpacker: no folders, no reserved or control characters, not too long. */
export function safeFileName(name: string): string {
  const cleaned = name
    .replace(/[/\\:*?"<>|\p{Cc}]/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  if (cleaned.length <= 100) return cleaned || 'file';
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, 100 - ext.length) + ext;
}

/**
 * Each attachment's path: allegati/<ticket number>/<nn>-<name>. The counter keeps two files of
 * one name apart and the order of arrival visible.
 */
export function exportFiles(
  attachments: Pick<ExportedAttachmentRow, 'id' | 'ticketId' | 'filename'>[],
  ticketNumbers: Map<string, string>,
): ExportFile[] {
  const counters = new Map<string, number>();
  return attachments.map((a) => {
    const folder = safeFileName(ticketNumbers.get(a.ticketId) ?? a.ticketId);
    const n = (counters.get(folder) ?? 0) + 1;
    counters.set(folder, n);
    return { id: a.id, path: `allegati/${folder}/${String(n).padStart(2, '0')}-${safeFileName(a.filename)}` };
  });
}

/**
 * The files of requests sent by the public form and not yet confirmed: modulo-web/<nn>-<name>,
 * numbered in order across the requests (they have no ticket number yet).
 */
export function publicRequestFiles(requests: Pick<ExportedPublicRequestRow, 'files'>[]): ExportFile[] {
  return requests
    .flatMap((r) => r.files)
    .map((f, i) => ({
      id: f.id,
      path: `modulo-web/${String(i + 1).padStart(2, '0')}-${safeFileName(f.filename)}`,
    }));
}

/**
 * dati-<who>-<local date>.zip: the contact's id, or for an anonymised contact the pseudonym
 * they are known by now. Never the name: the file travels by mail and sits in download folders.
 */
export function exportFilename(
  contact: Pick<ContactRecordRow, 'id' | 'anonymisedAt'>,
  at: Date,
  zone: string,
): string {
  const who = contact.anonymisedAt
    ? contactPseudonym(contact.id).name.toLowerCase().replace(/\s+/g, '-')
    : contact.id;
  return `dati-${who}-${DateTime.fromJSDate(at, { zone }).toISODate()}.zip`;
}

/**
 * dati.json: the same facts as the PDF and more, in their stored form. Each ticket carries its
 * timeline (messages, notes, changes, clocks), its files (with their path in the ZIP) and the
 * mails received on it; the mails sent to the person, their calls and their requests sent by the
 * public form and not yet confirmed follow.
 */
export function exportDocument(data: ContactExportData, files: ExportFile[]) {
  const pathOf = new Map(files.map((f) => [f.id, f.path]));
  const requestPathOf = new Map(publicRequestFiles(data.publicRequests).map((f) => [f.id, f.path]));
  const { definition } = data.policy;
  return {
    format: 'helpdesk-cst/contact-export@1',
    generatedAt: data.generatedAt,
    controller: definition.controller,
    policyVersion: data.policy.version,
    contact: data.contact,
    tickets: data.tickets.map((t) => ({
      ...t,
      timeline: data.timeline
        .filter((e) => e.ticketId === t.id)
        .map((e) => ({
          type: e.type,
          occurredAt: e.occurredAt,
          by: e.actorName,
          text: e.body,
          details: e.payload,
        })),
      attachments: data.attachments
        .filter((a) => a.ticketId === t.id)
        .map(({ ticketId: _, ...a }) => ({ ...a, file: pathOf.get(a.id) ?? null })),
      receivedMails: data.inbound.filter((m) => m.ticketId === t.id).map(({ ticketId: _, ...m }) => m),
    })),
    sentMails: data.outbound,
    calls: data.calls,
    pendingWebRequests: data.publicRequests.map((r) => ({
      ...r,
      files: r.files.map(({ id, ...f }) => ({ ...f, file: requestPathOf.get(id) ?? null })),
    })),
  };
}
