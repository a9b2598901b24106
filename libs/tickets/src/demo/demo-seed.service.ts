import { randomUUID } from 'node:crypto';

import { hashPassword } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/config';
import { SlaRegistry } from '@app/sla';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';

import { TicketChannel, TicketDifficulty } from '../entities';
import { decide, PlannedEvent, TicketAction, TicketState } from '../workflow/ticket-workflow';
import { TicketNumberAllocator } from '../writer/ticket-number.allocator';
import { BulkTicket, TicketWriter } from '../writer/ticket-writer.service';
import {
  DEMO_CATEGORIES,
  DEMO_ENTES,
  DEMO_NAMES,
  DEMO_PASSWORD,
  DEMO_SUBJECTS,
  DEMO_USERS,
} from './demo-data';
import { DemoSeedRepository } from './demo-seed.repository';

const DEMO_TICKETS = 360;

/** Deterministic pseudo-random numbers: the same demo every time. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * On an empty database of a non-production install, seeds the entes of the 2017 report, a few
 * staff and a year of realistic tickets, each built through the real workflow rules.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly store: DemoSeedRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly slaRegistry: SlaRegistry,
    private readonly writer: TicketWriter,
    private readonly numbers: TicketNumberAllocator,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    // The demo entes refer to calendars, and the tickets get clocks: both need the SLA config first.
    await this.slaRegistry.seedFromConfig();
    const seeded = await this.seedIfEmpty(new Date());
    if (seeded) this.logger.log(`Seeded demo data: ${DEMO_ENTES.length} entes, ${seeded} tickets`);
  }

  /** Returns how many tickets were seeded (0 when the database already had data). */
  async seedIfEmpty(now: Date): Promise<number> {
    return this.store.transaction(async (em) => {
      await this.store.lockSeeding(em);
      if ((await this.store.enteCount(em)) > 0) return 0;
      return this.seed(em, now);
    });
  }

  private async seed(em: EntityManager, now: Date): Promise<number> {
    const random = mulberry32(2017);
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    const entes = await this.store.saveEntes(
      em,
      DEMO_ENTES.map((e) => ({ ...e, calendarCode: e.calendarCode ?? null })),
    );
    const categories = await this.store.saveCategories(em, DEMO_CATEGORIES);
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await this.store.saveUsers(
      em,
      DEMO_USERS.map((u) => ({ ...u, active: true, passwordHash })),
    );
    const agents = DEMO_USERS.filter((u) => u.role === 'agent');
    const contacts = DEMO_NAMES.map((name, i) => {
      const ente = entes[i % entes.length];
      const slug = name.toLowerCase().replace(/[^a-z]+/g, '.');
      return {
        id: randomUUID(),
        name,
        email: `${slug}@${ente.code.toLowerCase()}.example`,
        phone: `+39 055 ${String(200000 + i * 7919).slice(0, 6)}`,
        enteId: ente.id,
      };
    });
    await this.writer.insertContacts(em, contacts);

    const tickets: BulkTicket[] = [];
    // The service centre's local days: the zone tickets are numbered in.
    const zone = await this.numbers.zone(em);
    const start = DateTime.fromJSDate(now, { zone }).minus({ months: 12 }).startOf('day');
    const spanMs = now.getTime() - start.toMillis();
    const arrivals = Array.from({ length: DEMO_TICKETS }, () => {
      // Office hours mostly; about a quarter outside, as in the 2017 access figures.
      let at = DateTime.fromMillis(start.toMillis() + random() * spanMs, { zone });
      if (random() < 0.75)
        at = at.set({ hour: 8 + Math.floor(random() * 10), minute: Math.floor(random() * 60) });
      return at.toJSDate();
    }).sort((a, b) => a.getTime() - b.getTime());

    for (const receivedAt of arrivals) {
      if (receivedAt > now) continue;
      const category = pick(categories);
      const contact = pick(contacts);
      const channel: TicketChannel = random() < 0.6 ? 'email' : random() < 0.95 ? 'phone' : 'web';
      const id = randomUUID();
      const agent = pick(agents);
      const subject = pick(DEMO_SUBJECTS[category.code] ?? ['Segnalazione']);
      const difficulty: TicketDifficulty | null =
        category.code === 'CED' ? pick<TicketDifficulty>(['low', 'medium_low', 'medium_high', 'high']) : null;
      let state: TicketState = {
        status: 'new',
        assigneeId: null,
        enteId: contact.enteId,
        categoryId: category.id,
        difficulty,
        subject,
        receivedAt,
        takenInChargeAt: null,
        firstAnsweredAt: null,
        interventionStartedAt: null,
        resolvedAt: null,
        redirectedTo: null,
        teamId: null,
      };
      const malfunction = channel === 'phone' && random() < 0.3;
      const timeline: Array<PlannedEvent & { actorId: string | null }> = [
        { type: 'created', occurredAt: receivedAt, payload: { channel, malfunction }, actorId: null },
        {
          type: 'message',
          occurredAt: receivedAt,
          payload: { direction: 'in', via: channel, from: { name: contact.name } },
          body: `${subject}. Buongiorno, segnalo il problema in oggetto. Grazie, ${contact.name}`,
          actorId: null,
        },
      ];
      const ageHours = (now.getTime() - receivedAt.getTime()) / 3_600_000;
      let cursor = receivedAt.getTime();
      const step = (maxMinutes: number) => {
        cursor += (5 + random() * maxMinutes) * 60_000;
        return new Date(Math.min(cursor, now.getTime()));
      };
      const apply = (action: TicketAction, at: Date) => {
        const decision = decide(state, action, agent.id, at);
        state = { ...state, ...decision.changes };
        timeline.push(...decision.events.map((e) => ({ ...e, actorId: agent.id })));
      };
      // Older tickets are almost all resolved; the last days leave work in every state.
      const outcome = ageHours > 72 ? random() : random() * 0.6 + 0.4;
      if (outcome < 0.985 || ageHours > 24 * 40) {
        apply({ type: 'take_charge', agentId: agent.id }, step(50));
        if (malfunction) apply({ type: 'start_intervention' }, step(60));
        apply(
          {
            type: 'reply',
            via: channel === 'phone' ? 'phone' : 'email',
            body: 'Gentile utente, abbiamo preso in carico la segnalazione e la stiamo verificando.',
          },
          step(240),
        );
        if (outcome < 0.7 || ageHours > 24 * 40) {
          const notCompetent = random() < 0.025;
          apply(
            notCompetent
              ? {
                  type: 'resolve',
                  resolution: 'Segnalazione inoltrata al gestore competente.',
                  notCompetent,
                  redirectedTo: 'Gestore del servizio PagoPA',
                }
              : {
                  type: 'resolve',
                  resolution: 'Problema risolto, il servizio funziona correttamente.',
                  notCompetent,
                },
            step(600),
          );
        } else if (outcome < 0.8) {
          apply({ type: 'wait', reason: 'In attesa di documentazione dal cittadino' }, step(60));
        }
      }
      tickets.push({
        id,
        channel,
        description: `Segnalazione ricevuta via ${channel}.`,
        requesterId: contact.id,
        malfunction,
        ...state,
        slaPolicyId: null,
        nextDueAt: null,
        createdAt: receivedAt,
        updatedAt: timeline[timeline.length - 1].occurredAt,
        events: timeline.map((e) => ({ ...e, recordedAt: e.occurredAt })),
      });
    }
    // Numbered by the writer's allocator in arrival order, each year from 1.
    await this.writer.openMany(em, tickets);
    // Clocks through the real SLA engine; overdue running ones are left for the worker's first sweep.
    for (const ticket of tickets) await this.writer.syncClocks(em, ticket.id!, now);
    return tickets.length;
  }
}
