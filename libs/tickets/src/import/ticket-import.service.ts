import { randomUUID } from 'node:crypto';

import type { BusinessCalendar } from '@app/business-hours';
import { Clock, nextDue, PlannedClockRepository, PolicyDefinition, SlaRegistry, TicketFacts } from '@app/sla';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { BulkTicket, TicketWriter } from '../writer/ticket-writer.service';
import { planImportedClocks } from './import-clocks.util';
import { chunks, counterFloors, enteCode, enteKey, phoneKey, splitExisting } from './import-refs.util';
import { importTimeline, lastInstant, waitingSince } from './import-timeline.util';
import { parseTicketCsv } from './ticket-csv.util';
import { ImportEnteRow, TicketImportRepository } from './ticket-import.repository';
import type { ImportOptions, ImportReport, ImportRow } from './ticket-import.types';

/** Tickets per transaction: a few thousand rows per statement, and a failure loses one batch at most. */
export const IMPORT_BATCH = 500;

type EnteRef = ImportEnteRow;

interface TicketRecord {
  id: string;
  row: ImportRow;
  enteId: string;
  requesterId: string | null;
  clocks: Clock[];
  policyId: string | null;
}

interface ContactRecord {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  enteId: string;
}

/**
 * Contacts known to this run by matching key: found in the table or created by an earlier
 * batch, so a requester who called twenty times is one contact.
 */
class ContactDirectory {
  readonly byEmail = new Map<string, string>();
  readonly byPhone = new Map<string, string>();
  readonly byName = new Map<string, string>();
}

/**
 * Imports the ticket history of the previous system from its CSV export: every row is checked
 * first (any problem and nothing is written), rows already imported are skipped by number, and
 * the rest are written in batches of multi-row INSERTs, one transaction per batch, with their
 * timelines and SLA clocks as if they had lived in the help desk.
 */
@Injectable()
export class TicketImportService {
  private readonly logger = new Logger('TicketImport');

  constructor(
    private readonly store: TicketImportRepository,
    private readonly registry: SlaRegistry,
    private readonly writer: TicketWriter,
    private readonly clocks: PlannedClockRepository,
  ) {}

  async import(csvText: string, options: ImportOptions): Promise<ImportReport> {
    const now = new Date();
    const parsed = parseTicketCsv(csvText, now);
    const report: ImportReport = {
      dryRun: options.dryRun,
      total: parsed.records,
      imported: 0,
      skippedExisting: 0,
      problems: parsed.problems,
      createdEntes: [],
    };
    if (report.problems.length > 0) return report;

    const split = splitExisting(parsed.rows, await this.existingNumbers(parsed.rows));
    report.skippedExisting = split.skipped;
    report.problems = split.problems;
    if (report.problems.length > 0) return report;

    const entes = await this.resolveEntes(split.pending);
    report.createdEntes = entes.created.map((e) => e.name);
    if (options.dryRun) {
      report.imported = split.pending.length;
      return report;
    }

    const policy = await this.registry.activePolicy();
    const calendars = policy ? await this.calendars(policy.definition, entes.all) : new Map();
    const calendarFor = (code: string) => {
      const calendar = calendars.get(code);
      if (!calendar) throw new Error(`Unknown business calendar "${code}"`);
      return calendar;
    };
    const contacts = new ContactDirectory();
    let done = split.skipped;
    const batches = chunks(split.pending, IMPORT_BATCH);
    for (const [index, batch] of batches.entries()) {
      await this.store.transaction(async (em) => {
        await this.raiseCounters(em, batch);
        // New entes go with the first batch, so a run that fails at once leaves nothing behind.
        if (index === 0 && entes.created.length > 0) await this.store.insertEntes(em, entes.created);
        const requesters = await this.resolveRequesters(em, batch, entes.byKey, contacts);
        const tickets = batch.map((row): TicketRecord => {
          const ente = entes.byKey.get(enteKey(row.ente))!;
          const facts: TicketFacts = {
            channel: row.channel,
            malfunction: false,
            difficulty: row.difficulty,
            status: row.status,
            receivedAt: row.receivedAt,
            takenInChargeAt: row.takenInChargeAt,
            firstAnsweredAt: row.firstAnsweredAt,
            interventionStartedAt: null,
            resolvedAt: row.resolvedAt,
            enteCalendar: ente.calendarCode,
          };
          const clocks = policy
            ? planImportedClocks(policy, facts, waitingSince(row), now, calendarFor).map((c) => ({
                ...c,
                id: randomUUID(),
              }))
            : [];
          return {
            id: randomUUID(),
            row,
            enteId: ente.id,
            requesterId: requesters.get(row) ?? null,
            clocks,
            policyId: policy?.id ?? null,
          };
        });
        await this.writer.openMany(
          em,
          tickets.map((t): BulkTicket => ({
            id: t.id,
            number: t.row.number,
            channel: t.row.channel,
            status: t.row.status,
            // As phone intake does: the subject column is bounded, the first message keeps the full text.
            subject: t.row.subject.slice(0, 300),
            description: '',
            requesterId: t.requesterId,
            enteId: t.enteId,
            categoryId: null,
            difficulty: t.row.difficulty,
            malfunction: false,
            redirectedTo: t.row.redirectedTo,
            receivedAt: t.row.receivedAt,
            takenInChargeAt: t.row.takenInChargeAt,
            firstAnsweredAt: t.row.firstAnsweredAt,
            resolvedAt: t.row.resolvedAt,
            nextDueAt: nextDue(t.clocks),
            slaPolicyId: t.policyId,
            createdAt: t.row.receivedAt,
            updatedAt: lastInstant(t.row),
            events: importTimeline(t.row, { enteId: t.enteId, requesterId: t.requesterId }),
          })),
        );
        await this.clocks.insertMany(
          em,
          tickets.flatMap((t) => t.clocks.map((c) => ({ ...c, ticketId: t.id }))),
          now,
        );
      });
      report.imported += batch.length;
      done += batch.length;
      options.onProgress?.(done, report.total);
    }
    this.logger.log(
      `Imported ${report.imported} tickets, skipped ${report.skippedExisting}, created ${report.createdEntes.length} entes`,
    );
    return report;
  }

  private async existingNumbers(rows: ImportRow[]): Promise<Map<string, Date>> {
    return this.store.existingNumbers(rows.map((r) => r.number));
  }

  /**
   * Each ente of the file by code or name (case-insensitive); the unknown ones get a new id and
   * code here and are written with the first batch.
   */
  private async resolveEntes(rows: ImportRow[]) {
    const byKey = new Map<string, EnteRef>();
    const all = await this.store.entes();
    // Names first, codes over them: a code is the sharper identifier when both match.
    for (const ente of all) if (!byKey.has(enteKey(ente.name))) byKey.set(enteKey(ente.name), ente);
    for (const ente of all) byKey.set(enteKey(ente.code), ente);
    const codes = new Set(all.map((e) => e.code.toUpperCase()));
    const created: EnteRef[] = [];
    for (const row of rows) {
      const key = enteKey(row.ente);
      if (byKey.has(key)) continue;
      const name = row.ente.trim().replace(/\s+/g, ' ');
      const ente: EnteRef = { id: randomUUID(), code: enteCode(name, codes), name, calendarCode: null };
      codes.add(ente.code);
      byKey.set(key, ente);
      created.push(ente);
    }
    return { byKey, created, all: [...all, ...created] };
  }

  private async calendars(definition: PolicyDefinition, entes: EnteRef[]) {
    const calendars = await this.registry.calendarsFor(definition, null);
    for (const code of new Set(entes.map((e) => e.calendarCode))) {
      if (code && !calendars.has(code)) calendars.set(code, await this.registry.calendar(code));
    }
    return calendars as Map<string, BusinessCalendar>;
  }

  /**
   * The requester of each row: a contact with the same e-mail (case-insensitive), else with the
   * same phone number (as phone intake matches callers), else the one this run created for the
   * same name at the same ente, else a new contact. Two queries and one INSERT per batch.
   */
  private async resolveRequesters(
    em: EntityManager,
    rows: ImportRow[],
    entes: Map<string, EnteRef>,
    directory: ContactDirectory,
  ): Promise<Map<ImportRow, string>> {
    const emails = new Set<string>();
    const phones = new Set<string>();
    for (const row of rows) {
      const email = row.requester?.email?.toLowerCase();
      const phone = phoneKey(row.requester?.phone ?? null);
      if (email && !directory.byEmail.has(email)) emails.add(email);
      if (phone && !directory.byPhone.has(phone)) phones.add(phone);
    }
    if (emails.size > 0) {
      const found = await this.store.contactsByEmail(em, [...emails]);
      for (const c of found) directory.byEmail.set(c.key, c.id);
    }
    if (phones.size > 0) {
      const found = await this.store.contactsByPhoneKey(em, [...phones]);
      for (const c of found) directory.byPhone.set(c.key, c.id);
    }

    const created: ContactRecord[] = [];
    const result = new Map<ImportRow, string>();
    for (const row of rows) {
      const requester = row.requester;
      if (!requester) continue;
      const enteId = entes.get(enteKey(row.ente))!.id;
      const email = requester.email?.toLowerCase() ?? null;
      const phone = phoneKey(requester.phone);
      const nameKey = `${enteId}:${enteKey(requester.name)}`;
      let id =
        (email ? directory.byEmail.get(email) : undefined) ??
        (phone ? directory.byPhone.get(phone) : undefined) ??
        (!email && !phone ? directory.byName.get(nameKey) : undefined);
      if (!id) {
        id = randomUUID();
        created.push({ id, name: requester.name, email: requester.email, phone: requester.phone, enteId });
        if (!email && !phone) directory.byName.set(nameKey, id);
      }
      // Later rows find this contact by whichever of its keys they carry.
      if (email && !directory.byEmail.has(email)) directory.byEmail.set(email, id);
      if (phone && !directory.byPhone.has(phone)) directory.byPhone.set(phone, id);
      result.set(row, id);
    }
    await this.writer.insertContacts(em, created);
    return result;
  }

  /**
   * New tickets continue after the imported numbers. Taken first in the transaction, in the
   * order phone intake takes it (counter, then contact and ticket), so the two cannot deadlock.
   */
  private async raiseCounters(em: EntityManager, rows: ImportRow[]) {
    const floors = [...counterFloors(rows.map((r) => r.number))].sort(([a], [b]) => a - b);
    for (const [year, last] of floors) await this.writer.raiseCounter(em, year, last);
  }
}
