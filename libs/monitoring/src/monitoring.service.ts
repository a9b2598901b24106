import { createHash } from 'node:crypto';

import { ValidationError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { TicketService } from '@app/tickets';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { MonitoringEventRepository } from './monitoring-event.repository';
import { eventIdentity, isHardProblem, isRecovery, MonitoringEventInput } from './monitoring-event.types';
import { noteText } from './monitoring-notes';
import { MonitoringProblemRepository, OpenProblemRow } from './monitoring-problem.repository';
import type { NagiosObjectStatus } from './nagios';
import { notificationEvents } from './nagios-notification';
import type { NagiosNotificationDto } from './nagios-webhook.dto';

export interface RecordResult {
  stored: boolean;
  ticketId: string | null;
  action: 'duplicate' | 'stored' | 'opened' | 'added' | 'recovered' | 'noted';
}

export interface ReconcileResult {
  objects: number;
  /** State changes the help desk did not know (stored as `reconcile` events). */
  changes: number;
  opened: number;
  closed: number;
  acknowledged: number;
}

/** `nagiosadmin=mario.rossi@cst.example,ops=anna@cst.example` as author (lower case) -> e-mail. */
function ackAuthors(setting: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of (setting ?? '').split(',')) {
    const [author, email] = pair.split('=').map((x) => x?.trim());
    if (author && email) map.set(author.toLowerCase(), email.toLowerCase());
  }
  return map;
}

/** How far in the future a probe's clock may be before its timestamp is refused. */
const MAX_SKEW_MS = 10 * 60_000;

/** The category of monitoring tickets (code, name), created with the first one when missing. */
const MONITORING_CATEGORY = { code: 'MONITORAGGIO', name: 'Monitoraggio e infrastruttura' };

const objectName = (e: { host: string; service: string | null }) =>
  e.service ? `${e.host}/${e.service}` : e.host;

/**
 * Alerts become events (each once, whatever route it took) and work: a HARD problem opens one
 * ticket per host or service (a service's problem while its host is down joins the host's ticket),
 * further alerts of that object are added to it, and a recovery, whichever notification or
 * reconciliation carries it, closes the problem and, per MONITORING_ON_RECOVERY, resolves the
 * ticket or notes it. Flapping, downtime, acknowledgements and custom notifications are notes on
 * the problem's ticket: they never open one.
 */
@Injectable()
export class MonitoringService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tickets: TicketService,
    private readonly events: MonitoringEventRepository,
    private readonly problems: MonitoringProblemRepository,
  ) {}

  /** A notification from the Nagios webhook: every type, its state included; a timestamp in the future is refused. */
  async recordWebhook(dto: NagiosNotificationDto): Promise<RecordResult> {
    const at = new Date(dto.timestamp * 1000);
    if (at.getTime() > Date.now() + MAX_SKEW_MS) {
      throw new ValidationError([{ field: 'timestamp', reason: 'nel futuro / in the future' }]);
    }
    return this.recordAll(
      notificationEvents({
        type: dto.type,
        at,
        host: dto.host,
        service: dto.service ?? null,
        state: dto.state,
        stateType: dto.stateType ?? 'HARD',
        attempt: dto.attempt ?? null,
        output: dto.output ?? '',
        perfData: dto.perfData || null,
        author: dto.author ?? null,
        comment: dto.comment ?? null,
        origin: 'webhook',
      }),
    );
  }

  async record(event: MonitoringEventInput, now = new Date()): Promise<RecordResult> {
    return this.recordAll([event], now);
  }

  /**
   * One notification's events in one transaction (a DOWNTIMEEND is a downtime event and the state
   * it carries); the result is the first event's, with the ticket any of them touched.
   */
  async recordAll(events: readonly MonitoringEventInput[], now = new Date()): Promise<RecordResult> {
    return this.dataSource.transaction((em) => this.recordAllWith(em, events, now));
  }

  /** In the caller's transaction (a notification mail, with the mail's own outcome). */
  async recordWith(em: EntityManager, event: MonitoringEventInput, now = new Date()): Promise<RecordResult> {
    return this.recordAllWith(em, [event], now);
  }

  async recordAllWith(
    em: EntityManager,
    events: readonly MonitoringEventInput[],
    now = new Date(),
  ): Promise<RecordResult> {
    const results: RecordResult[] = [];
    if (events[0]) await this.lockObject(em, events[0].host, events[0].service);
    for (const e of events) results.push(await this.recordIn(em, e, now, true));
    const [first] = results;
    return { ...first, ticketId: results.find((r) => r.ticketId)?.ticketId ?? null };
  }

  /**
   * History (a log import): stored once each, without opening tickets for problems long gone; an
   * acknowledgement, flapping or custom notification of a problem still open is noted on its ticket.
   */
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

  /**
   * What Nagios logged but never notified (the HARD changes of a flapping object, a notification
   * lost on the way): its log's state changes and downtimes, stored as history without opening a
   * ticket (the reconciliation with status.dat does the work) and without storing again what a
   * notification already brought. The number stored.
   */
  async recordLogHistory(events: readonly MonitoringEventInput[]): Promise<number> {
    let stored = 0;
    for (const e of events) {
      await this.dataSource.transaction(async (em) => {
        await this.lockObject(em, e.host, e.service);
        if (await this.events.knownFromLog(em, e)) return;
        if ((await this.recordIn(em, e, new Date(), false)).stored) stored++;
      });
    }
    return stored;
  }

  /**
   * Makes the help desk agree with Nagios's own state (status.dat or the end of a log): a state
   * change it never heard of is stored (`reconcile`), a HARD problem without a ticket opens one, a
   * problem Nagios sees recovered is closed, an acknowledgement is noted. Lost notifications are
   * repaired by the next run; a run that changes nothing writes nothing.
   */
  async reconcile(statuses: readonly NagiosObjectStatus[], now = new Date()): Promise<ReconcileResult> {
    const result: ReconcileResult = {
      objects: statuses.length,
      changes: 0,
      opened: 0,
      closed: 0,
      acknowledged: 0,
    };
    // Hosts first: a service problem while its host is down joins the host's ticket.
    const ordered = [...statuses].sort((a, b) => Number(a.service !== null) - Number(b.service !== null));
    for (const s of ordered) {
      await this.dataSource.transaction(async (em) => {
        const r = await this.reconcileObject(em, s, now);
        result.changes += r.changes;
        if (r.action === 'opened') result.opened++;
        if (r.action === 'recovered') result.closed++;
        if (r.acknowledged) result.acknowledged++;
      });
    }
    return result;
  }

  private async reconcileObject(
    em: EntityManager,
    s: NagiosObjectStatus,
    now: Date,
  ): Promise<{ changes: number; action: RecordResult['action'] | null; acknowledged: boolean }> {
    const service = s.service;
    await this.lockObject(em, s.host, service);
    const latest = (hardOnly: boolean) => this.events.latestState(em, s.host, service, hardOnly);
    const base = {
      kind: 'state' as const,
      host: s.host,
      service,
      attempt: null,
      phase: null,
      perfData: s.perfData,
      notificationType: null,
      origin: 'status' as const,
      source: 'reconcile',
    };
    // Never before what the help desk already knows: the timeline stays in order.
    const notBefore = (at: Date, known?: { occurred_at: Date }) =>
      known && known.occurred_at > at ? new Date(known.occurred_at) : at;
    let changes = 0;
    let action: RecordResult['action'] | null = null;
    // A problem inside a scheduled downtime is history, not work: Nagios notifies nobody of it.
    const open0 = await this.openProblem(em, s.host, service);
    const work = !(s.inDowntime && !open0);
    const hard = await latest(true);
    // The help desk heard of a later HARD change than Nagios's picture holds (a notification that
    // arrived after status.dat was written, or a log older than the webhook's news): leave it.
    if (hard && hard.state !== s.hardState && hard.occurred_at > s.hardStateSince) {
      return { changes: 0, action: null, acknowledged: false };
    }
    if (!hard || hard.state !== s.hardState) {
      const r = await this.recordIn(
        em,
        {
          ...base,
          at: notBefore(s.hardStateSince, hard),
          state: s.hardState,
          stateType: 'HARD',
          output: s.stateType === 'HARD' ? s.output : '',
        },
        now,
        work,
      );
      if (r.stored) changes++;
      action = r.action;
    }
    if (s.stateType === 'SOFT') {
      const any = await latest(false);
      if (!any || any.state !== s.state || any.state_type !== 'SOFT') {
        const r = await this.recordIn(
          em,
          { ...base, at: notBefore(s.stateSince, any), state: s.state, stateType: 'SOFT', output: s.output },
          now,
          false,
        );
        if (r.stored) changes++;
      }
    }
    // The problem rows themselves, even when the state was already known (a failed earlier run).
    const settled = {
      ...base,
      // Since when Nagios has been in that state: the problem opened or recovered then.
      at: s.hardStateSince,
      state: s.hardState,
      stateType: 'HARD' as const,
      output: s.output,
    };
    const open = await this.openProblem(em, s.host, service);
    if (!action || action === 'duplicate' || action === 'stored') {
      if (open && isRecovery(settled)) action = (await this.recover(em, open, settled, now, false)).action;
      else if (!open && isHardProblem(settled) && work)
        action = (await this.openFor(em, settled, now)).action;
    }
    let acknowledged = false;
    const problem = await this.openProblem(em, s.host, service);
    if (s.acknowledged && problem && !problem.acknowledged_at && isHardProblem(settled)) {
      await this.problems.acknowledge(em, problem.id, now);
      acknowledged = true;
    }
    return { changes, action, acknowledged };
  }

  private async recordIn(
    em: EntityManager,
    e: MonitoringEventInput,
    now: Date,
    work: boolean,
  ): Promise<RecordResult> {
    const key = createHash('sha256').update(eventIdentity(e)).digest('hex');
    const stored = await this.events.insert(em, key, e);
    if (!stored) return { stored: false, ticketId: null, action: 'duplicate' };
    if (!work) {
      // History: an acknowledgement (flapping, custom) of a problem still open is noted on its ticket.
      if (e.kind === 'acknowledgement' || e.kind === 'custom' || e.kind === 'flapping') {
        const open = await this.openProblem(em, e.host, e.service);
        if (open && open.opened_at <= e.at) return this.note(em, e, now);
      }
      return { stored: true, ticketId: null, action: 'stored' };
    }
    if (e.kind !== 'state') return this.note(em, e, now);

    const open = await this.openProblem(em, e.host, e.service);
    if (open && isRecovery(e)) return this.recover(em, open, e, now, true);
    if (open) {
      // Only alerts and reconciled changes are the problem's story; the state another
      // notification type carries is shown by that notification's note.
      if (e.source === 'notification') return { stored: true, ticketId: open.ticket_id, action: 'stored' };
      await this.tickets.addInboundMessage(
        em,
        open.ticket_id,
        this.message(e),
        { reopen: false, resume: false },
        now,
      );
      return { stored: true, ticketId: open.ticket_id, action: 'added' };
    }
    // Only an alert or what Nagios's own state says opens a ticket, never the state a FLAPPING,
    // DOWNTIME, ACKNOWLEDGEMENT or CUSTOM notification carries.
    if (!isHardProblem(e) || e.source === 'notification')
      return { stored: true, ticketId: null, action: 'stored' };
    return this.openFor(em, e, now);
  }

  /**
   * One object's notifications, one at a time: Nagios sends a FLAPPINGSTOP and the WARNING behind
   * it in the same second, and the two transactions would otherwise lock the same event key and the
   * same problem row in opposite orders (a deadlock, a 500, a notification lost).
   */
  private async lockObject(em: EntityManager, host: string, service: string | null): Promise<void> {
    await this.events.lockObject(em, host, service);
  }

  private async openProblem(
    em: EntityManager,
    host: string,
    service: string | null,
  ): Promise<OpenProblemRow | undefined> {
    return this.problems.open(em, host, service);
  }

  private message(e: MonitoringEventInput, body?: string) {
    return {
      occurredAt: e.at,
      via: 'monitoring' as const,
      payload: {
        host: e.host,
        service: e.service,
        kind: e.kind,
        state: e.state,
        stateType: e.stateType,
        notificationType: e.notificationType,
        ...(e.kind === 'state' ? { source: e.source } : { phase: e.phase, author: e.author ?? null }),
      },
      body: body ?? `${objectName(e)} ${e.state} ${e.stateType ?? ''}: ${e.output}`.trim(),
    };
  }

  /** Flapping, downtime, acknowledgement, custom: a note on the open problem's ticket, if any. */
  private async note(em: EntityManager, e: MonitoringEventInput, now: Date): Promise<RecordResult> {
    const open = await this.openProblem(em, e.host, e.service);
    if (!open) return { stored: true, ticketId: null, action: 'stored' };
    if (e.kind === 'acknowledgement' && !open.acknowledged_at) {
      await this.problems.acknowledgeBy(em, open.id, e.at, e.author ?? null);
    }
    if (e.kind === 'acknowledgement') await this.takeChargeForAuthor(em, open.ticket_id, e.author, now);
    await this.tickets.addInboundMessage(
      em,
      open.ticket_id,
      this.message(e, `${objectName(e)}: ${noteText(e)}`),
      { reopen: false, resume: false },
      now,
    );
    return { stored: true, ticketId: open.ticket_id, action: 'noted' };
  }

  /**
   * MONITORING_ACK_AUTHORS: an ACK by a mapped Nagios author takes charge of the ticket on behalf of
   * that staff user, when nobody has taken it yet (the ACK is noted either way).
   */
  private async takeChargeForAuthor(
    em: EntityManager,
    ticketId: string,
    author: string | null | undefined,
    now: Date,
  ): Promise<void> {
    const email = author
      ? ackAuthors(this.config.MONITORING_ACK_AUTHORS).get(author.toLowerCase())
      : undefined;
    if (!email) return;
    const userId = await this.problems.staffIdByEmail(em, email);
    const status = await this.problems.ticketStatus(em, ticketId);
    if (!userId || status !== 'new') return;
    await this.tickets.actInTransaction(em, ticketId, { type: 'take_charge', agentId: userId }, userId, now);
  }

  private async recover(
    em: EntityManager,
    open: OpenProblemRow,
    e: MonitoringEventInput,
    now: Date,
    withMessage: boolean,
  ): Promise<RecordResult> {
    await this.problems.close(em, open.id, e.at);
    await this.tickets.addInboundMessage(
      em,
      open.ticket_id,
      withMessage
        ? this.message(e)
        : this.message(
            e,
            `${objectName(e)} ${e.state}: ripristinato secondo lo stato di Nagios / recovered as Nagios's state shows`,
          ),
      { reopen: false, resume: false },
      now,
    );
    // A ticket shared with a service problem of the same host stays open until all are over.
    const still = await this.problems.openCount(em, open.ticket_id);
    if (this.config.MONITORING_ON_RECOVERY === 'resolve' && still === 0) {
      const status = await this.problems.ticketStatus(em, open.ticket_id);
      if (!['resolved', 'resolved_not_competent'].includes(status!)) {
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

  private async openFor(em: EntityManager, e: MonitoringEventInput, now: Date): Promise<RecordResult> {
    const message = this.message(e);
    if (e.service) {
      const host = await this.openProblem(em, e.host, null);
      if (host) {
        await this.tickets.addInboundMessage(
          em,
          host.ticket_id,
          message,
          { reopen: false, resume: false },
          now,
        );
        await this.problems.insert(em, e.host, e.service, host.ticket_id, e.at);
        return { stored: true, ticketId: host.ticket_id, action: 'added' };
      }
    }
    // Monitoring tickets have their category in production too, not only in the demo data.
    const categoryId = await this.problems.ensureCategory(
      em,
      MONITORING_CATEGORY.code,
      MONITORING_CATEGORY.name,
    );
    const ticket = await this.tickets.openTicket(
      em,
      {
        channel: 'monitoring',
        subject: `[Nagios] ${objectName(e)} ${e.state}`,
        description: e.output,
        requesterId: null,
        enteId: null,
        categoryId,
        difficulty: null,
        malfunction: false,
        receivedAt: e.at,
        message: { payload: message.payload, body: message.body },
      },
      null,
      now,
    );
    await this.problems.insert(em, e.host, e.service ?? '', ticket.id, e.at);
    return { stored: true, ticketId: ticket.id, action: 'opened' };
  }
}
