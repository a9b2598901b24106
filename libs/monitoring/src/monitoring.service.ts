import { APP_CONFIG, AppConfig } from '@app/config';
import { TicketService } from '@app/tickets';
import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { eventIdentity, isHardProblem, isRecovery, MonitoringEventInput } from './monitoring-event.types';

export interface RecordResult {
  stored: boolean;
  ticketId: string | null;
  action: 'duplicate' | 'stored' | 'opened' | 'added' | 'recovered';
}

const objectName = (e: { host: string; service: string | null }) =>
  e.service ? `${e.host}/${e.service}` : e.host;

/**
 * Alerts become events (each once, whatever route it took) and work: a HARD problem opens one
 * ticket per host or service, further alerts of that object are added to it, and the recovery
 * closes the problem and, per MONITORING_ON_RECOVERY, resolves the ticket or notes it.
 */
@Injectable()
export class MonitoringService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tickets: TicketService,
  ) {}

  async record(event: MonitoringEventInput, now = new Date()): Promise<RecordResult> {
    return this.dataSource.transaction((em) => this.recordIn(em, event, now, true));
  }

  /** In the caller's transaction (a notification mail, with the mail's own outcome). */
  async recordWith(em: EntityManager, event: MonitoringEventInput, now = new Date()): Promise<RecordResult> {
    return this.recordIn(em, event, now, true);
  }

  /** History (a log import): stored once each, without opening tickets for problems long gone. */
  async recordHistory(
    events: readonly MonitoringEventInput[],
  ): Promise<{ stored: number; duplicates: number }> {
    let stored = 0;
    for (let i = 0; i < events.length; i += 1000) {
      const chunk = events.slice(i, i + 1000);
      stored += await this.dataSource.transaction(async (em) => {
        let n = 0;
        for (const e of chunk) if ((await this.recordIn(em, e, new Date(), false)).stored) n++;
        return n;
      });
    }
    return { stored, duplicates: events.length - stored };
  }

  private async recordIn(
    em: EntityManager,
    e: MonitoringEventInput,
    now: Date,
    work: boolean,
  ): Promise<RecordResult> {
    const key = createHash('sha256').update(eventIdentity(e)).digest('hex');
    const [row] = await em.query(
      `INSERT INTO monitoring_event (dedup_key, occurred_at, kind, origin, host, service, state, state_type, attempt,
                                     phase, output, perf_data, notification_type, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
      [
        key,
        e.at,
        e.kind,
        e.origin,
        e.host,
        e.service,
        e.state,
        e.stateType,
        e.attempt,
        e.phase,
        e.output.replaceAll('\u0000', ''),
        e.perfData,
        e.notificationType,
        e.source,
      ],
    );
    if (!row) return { stored: false, ticketId: null, action: 'duplicate' };
    if (!work || e.kind !== 'state') return { stored: true, ticketId: null, action: 'stored' };

    const [open] = await em.query(
      `SELECT id, ticket_id FROM monitoring_problem WHERE host = $1 AND service = $2 AND closed_at IS NULL FOR UPDATE`,
      [e.host, e.service ?? ''],
    );
    const message = {
      occurredAt: e.at,
      via: 'monitoring' as const,
      payload: {
        host: e.host,
        service: e.service,
        state: e.state,
        stateType: e.stateType,
        notificationType: e.notificationType,
      },
      body: `${objectName(e)} ${e.state} ${e.stateType ?? ''}: ${e.output}`.trim(),
    };
    if (open && isRecovery(e)) {
      await em.query(`UPDATE monitoring_problem SET closed_at = $2 WHERE id = $1`, [open.id, e.at]);
      await this.tickets.addInboundMessage(
        em,
        open.ticket_id,
        message,
        { reopen: false, resume: false },
        now,
      );
      if (this.config.MONITORING_ON_RECOVERY === 'resolve') {
        const [ticket] = await em.query(`SELECT status FROM ticket WHERE id = $1`, [open.ticket_id]);
        if (!['resolved', 'resolved_not_competent'].includes(ticket.status)) {
          await this.tickets.actInTransaction(
            em,
            open.ticket_id,
            {
              type: 'resolve',
              resolution: `Ripristinato / Recovered: ${e.output}`.slice(0, 2000),
              notCompetent: false,
            },
            null,
            now,
          );
        }
      }
      return { stored: true, ticketId: open.ticket_id, action: 'recovered' };
    }
    if (open) {
      await this.tickets.addInboundMessage(
        em,
        open.ticket_id,
        message,
        { reopen: false, resume: false },
        now,
      );
      return { stored: true, ticketId: open.ticket_id, action: 'added' };
    }
    if (!isHardProblem(e)) return { stored: true, ticketId: null, action: 'stored' };
    const [category] = await em.query(`SELECT id FROM category WHERE code = 'MONITORAGGIO'`);
    const ticket = await this.tickets.openTicket(
      em,
      {
        channel: 'monitoring',
        subject: `[Nagios] ${objectName(e)} ${e.state}`,
        description: e.output,
        requesterId: null,
        enteId: null,
        categoryId: category?.id ?? null,
        difficulty: null,
        malfunction: false,
        receivedAt: e.at,
        message: { payload: message.payload, body: message.body },
      },
      null,
      now,
    );
    await em.query(
      `INSERT INTO monitoring_problem (host, service, ticket_id, opened_at) VALUES ($1, $2, $3, $4)`,
      [e.host, e.service ?? '', ticket.id, e.at],
    );
    return { stored: true, ticketId: ticket.id, action: 'opened' };
  }
}
