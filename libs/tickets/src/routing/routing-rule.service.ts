import { AuditService } from '@app/auth';
import { DomainError, NotFoundError, ValidationError, VersionConflictError } from '@app/common';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { TicketRepository } from '../ticket.repository';
import { TicketService } from '../ticket.service';
import { RoutingEngine, RoutingRuleCache } from './routing-engine.service';
import { matchesConditions } from './routing-match';
import { RoutingRuleRepository, RoutingRuleRow } from './routing-rule.repository';
import { KnownReferences, referencedIds, RuleDraft, ruleProblems } from './routing-rule.validation';

/** The preview looks at this many of the latest tickets. */
export const PREVIEW_TICKETS = 1_000;
const PREVIEW_SAMPLE = 20;

class RuleVersionError extends DomainError {
  constructor(expected: number, actual: number | undefined) {
    super(
      'VERSION_CONFLICT',
      'La regola è stata modificata da un altro utente: ricaricala / The rule was changed by someone else: reload it',
      { expectedVersion: expected, currentVersion: actual },
    );
  }
}

/**
 * Routing rules (issue 19.2): admins keep an ordered list (first match wins), each change checked
 * against the version read and audited; the cache of this process is dropped at every change.
 */
@Injectable()
export class RoutingRuleService {
  constructor(
    private readonly rules: RoutingRuleRepository,
    private readonly cache: RoutingRuleCache,
    private readonly engine: RoutingEngine,
    private readonly tickets: TicketRepository,
    private readonly ticketService: TicketService,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<RoutingRuleRow[]> {
    return this.rules.list();
  }

  async get(id: string): Promise<RoutingRuleRow> {
    const rule = await this.rules.find(id);
    if (!rule) throw new NotFoundError('Regola / Rule', id);
    return rule;
  }

  async create(
    dto: { name: string; enabled?: boolean; conditions: unknown; actions: unknown; position?: number },
    actorId: string,
  ): Promise<RoutingRuleRow> {
    const id = await this.rules.transaction(async (em) => {
      const existing = await this.rules.lockAll(em);
      const checked = await this.check(em, dto);
      const position = dto.position && dto.position <= existing.length ? dto.position : null;
      const id = await this.rules.insert(em, {
        name: dto.name.trim(),
        enabled: dto.enabled ?? true,
        conditions: checked.conditions,
        actions: checked.actions,
        createdBy: actorId,
        position: null,
      });
      if (position !== null) {
        const order = existing.map((r) => r.id);
        order.splice(position - 1, 0, id);
        await this.rules.setOrder(em, order, false);
      }
      await this.record(em, actorId, 'routing_rule_created', id, { name: dto.name.trim() });
      return id;
    });
    this.cache.invalidate();
    return this.get(id);
  }

  async update(
    id: string,
    dto: { version: number; name?: string; enabled?: boolean; conditions?: unknown; actions?: unknown },
    actorId: string,
  ): Promise<RoutingRuleRow> {
    await this.rules.transaction(async (em) => {
      const current = await this.rules.find(id, em);
      if (!current) throw new NotFoundError('Regola / Rule', id);
      const checked = await this.check(em, {
        conditions: dto.conditions ?? current.conditions,
        actions: dto.actions ?? current.actions,
      });
      const changed = await this.rules.update(em, id, dto.version, {
        name: dto.name?.trim(),
        enabled: dto.enabled,
        conditions: dto.conditions !== undefined ? checked.conditions : undefined,
        actions: dto.actions !== undefined ? checked.actions : undefined,
      });
      if (!changed) throw new RuleVersionError(dto.version, current.version);
      const { version: _version, ...fields } = dto;
      await this.record(em, actorId, 'routing_rule_updated', id, { fields: Object.keys(fields) });
    });
    this.cache.invalidate();
    return this.get(id);
  }

  async remove(id: string, version: number, actorId: string): Promise<void> {
    await this.rules.transaction(async (em) => {
      await this.rules.lockAll(em);
      const current = await this.rules.find(id, em);
      if (!current) throw new NotFoundError('Regola / Rule', id);
      if (!(await this.rules.delete(em, id, version))) throw new RuleVersionError(version, current.version);
      await this.rules.setOrder(
        em,
        (await this.rules.list(em)).map((r) => r.id),
        false,
      );
      await this.record(em, actorId, 'routing_rule_deleted', id, { name: current.name });
    });
    this.cache.invalidate();
  }

  /** The whole list in its new order, each rule at the version the admin saw. */
  async reorder(order: { id: string; version: number }[], actorId: string): Promise<RoutingRuleRow[]> {
    await this.rules.transaction(async (em) => {
      const current = await this.rules.lockAll(em);
      const versions = new Map(current.map((r) => [r.id, r.version]));
      const given = new Set(order.map((r) => r.id));
      const problems = order
        .map((r, i) => ({ r, i }))
        .filter(({ r }) => !versions.has(r.id))
        .map(({ i }) => ({
          field: `rules[${i}].id`,
          reason: 'regola inesistente / no such rule',
          code: 'unknown',
        }));
      if (given.size !== order.length)
        problems.push({ field: 'rules', reason: 'regole ripetute / repeated rules', code: 'duplicate' });
      else if (problems.length === 0 && given.size !== versions.size)
        problems.push({
          field: 'rules',
          reason: 'servono tutte le regole / every rule is needed',
          code: 'incomplete',
        });
      if (problems.length > 0) throw new ValidationError(problems);
      for (const r of order) {
        if (versions.get(r.id) !== r.version) throw new RuleVersionError(r.version, versions.get(r.id));
      }
      await this.rules.setOrder(
        em,
        order.map((r) => r.id),
        true,
      );
      await this.record(em, actorId, 'routing_rules_reordered', null, { rules: order.length });
    });
    this.cache.invalidate();
    return this.rules.list();
  }

  /**
   * Which of the latest tickets a draft's conditions would have matched (on their own, whatever
   * the rules before it): a rule matching none is allowed, and flagged.
   */
  async preview(draft: { conditions: unknown; actions?: unknown }) {
    const checked = await this.rules.transaction((em) =>
      this.check(
        em,
        { conditions: draft.conditions, actions: draft.actions ?? {} },
        draft.actions === undefined,
      ),
    );
    const tickets = await this.rules.recentFacts(PREVIEW_TICKETS);
    const matched = tickets.filter((t) => matchesConditions(checked.conditions, t));
    return {
      scanned: tickets.length,
      matched: matched.length,
      sample: matched
        .slice(0, PREVIEW_SAMPLE)
        .map((t) => ({ id: t.id, number: t.number, subject: t.subject })),
      warning: matched.length === 0 ? ('noMatch' as const) : null,
    };
  }

  /** The rules re-applied to an existing ticket through the workflow (version-checked, on the timeline). */
  async routeTicket(
    ticketId: string,
    expectedVersion: number | undefined,
    actorId: string,
    now = new Date(),
  ) {
    return this.tickets.transaction(async (em) => {
      const ticket = await this.tickets.lockForUpdate(em, ticketId);
      if (expectedVersion !== undefined && expectedVersion !== ticket.version)
        throw new VersionConflictError(expectedVersion, ticket.version);
      const facts = await this.rules.factsOf(em, ticketId);
      if (!facts) throw new NotFoundError('Ticket', ticketId);
      // Freshly read: an admin who just edited a rule in another process sees it applied.
      const outcome = await this.engine.route(em, facts, [], now, await this.enabledRules(em));
      if (!outcome) return { ruleId: null, ruleName: null, changed: [], version: ticket.version };
      const { decision } = await this.ticketService.actInTransaction(
        em,
        ticketId,
        { type: 'route', outcome },
        actorId,
        now,
        expectedVersion,
      );
      const after = await this.tickets.lockForUpdate(em, ticketId);
      return {
        ruleId: outcome.rule.id,
        ruleName: outcome.rule.name,
        changed: Object.keys(decision.changes),
        version: after.version,
      };
    });
  }

  private async enabledRules(em: EntityManager): Promise<RoutingRuleRow[]> {
    return (await this.rules.list(em)).filter((r) => r.enabled);
  }

  private async check(em: EntityManager, draft: RuleDraft, conditionsOnly = false) {
    const ids = referencedIds(draft);
    const found = await this.rules.existing(em, ids);
    const known: KnownReferences = {
      teams: new Set(found.filter((f) => f.kind === 'teams').map((f) => f.id)),
      users: new Set(found.filter((f) => f.kind === 'users').map((f) => f.id)),
      categories: new Set(found.filter((f) => f.kind === 'categories').map((f) => f.id)),
      mailboxes: new Set(found.filter((f) => f.kind === 'mailboxes').map((f) => f.id)),
      entes: new Set(found.filter((f) => f.kind === 'entes').map((f) => f.id)),
    };
    const result = ruleProblems(draft, known);
    const problems = conditionsOnly
      ? result.problems.filter((p) => !p.field.startsWith('actions'))
      : result.problems;
    if (problems.length > 0) throw new ValidationError(problems);
    return result;
  }

  private record(
    em: EntityManager,
    actorId: string,
    action: string,
    targetId: string | null,
    details: Record<string, unknown>,
  ) {
    return this.audit.record(
      { actorId, action, targetType: 'routing_rule', ...(targetId ? { targetId } : {}), details },
      em,
    );
  }
}
