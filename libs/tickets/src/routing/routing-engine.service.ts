import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import type { TicketDifficulty } from '../entities';
import { TeamRepository } from '../teams/team.repository';
import type { TimelineEvent } from '../writer/timeline-event.types';
import { firstMatchingRule, RoutingFacts } from './routing-match';
import { RoutingRuleRepository, RoutingRuleRow } from './routing-rule.repository';

/** How long rules are reused before being read again (another process's edits show within it). */
const CACHE_MS = 5_000;

/** Fields a rule may set; those the ticket's creator chose are left as they are. */
export type RoutedField = 'teamId' | 'categoryId' | 'difficulty' | 'assigneeId';

export interface RoutedFields {
  teamId?: string;
  categoryId?: string;
  difficulty?: TicketDifficulty;
  assigneeId?: string | null;
}

/** The first matching rule's effect on one ticket, and the `routed` event that records it. */
export interface RoutingOutcome {
  rule: { id: string; name: string };
  fields: RoutedFields;
  event: Extract<TimelineEvent, { type: 'routed' }>;
}

/** The enabled rules in order, read again after a few seconds or at once after an edit here. */
@Injectable()
export class RoutingRuleCache {
  private cached: { at: number; rules: Promise<RoutingRuleRow[]> } | null = null;

  constructor(private readonly repo: RoutingRuleRepository) {}

  /**
   * Read through the caller's transaction when there is one: the embedded default has a single
   * connection, which that transaction holds, so a read on another would wait for it for ever
   * (every mail ticket was quarantined after the pool's connect timeout).
   */
  rules(em?: EntityManager): Promise<RoutingRuleRow[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > CACHE_MS) {
      const rules = this.repo.list(em).then((all) => all.filter((r) => r.enabled));
      // A failed read is not remembered.
      rules.catch(() => (this.cached = null));
      this.cached = { at: now, rules };
    }
    return this.cached.rules;
  }

  invalidate(): void {
    this.cached = null;
  }
}

/**
 * Applies the routing rules (issue 19.2): the first enabled rule the ticket's facts meet gives its
 * team, category, difficulty and assignee (fixed, or the next available member of the team in
 * turn), except the fields the creator chose.
 */
@Injectable()
export class RoutingEngine {
  constructor(
    private readonly cache: RoutingRuleCache,
    private readonly teams: TeamRepository,
  ) {}

  async route(
    em: EntityManager,
    facts: RoutingFacts,
    explicit: readonly RoutedField[],
    now: Date,
    rules?: readonly RoutingRuleRow[],
  ): Promise<RoutingOutcome | null> {
    const rule = firstMatchingRule(rules ?? (await this.cache.rules(em)), facts);
    if (!rule) return null;
    const a = rule.actions;
    const fields: RoutedFields = {};
    const kept: RoutedField[] = [];
    const take = <K extends RoutedField>(field: K, value: RoutedFields[K] | undefined) => {
      if (value === undefined) return;
      if (explicit.includes(field)) kept.push(field);
      else fields[field] = value;
    };
    take('teamId', a.teamId);
    take('categoryId', a.categoryId);
    take('difficulty', a.difficulty);
    take('assigneeId', a.assigneeId);
    let roundRobin = false;
    if (a.roundRobin && a.teamId) {
      if (explicit.includes('assigneeId')) kept.push('assigneeId');
      else {
        roundRobin = true;
        fields.assigneeId = await this.teams.nextRoundRobin(em, a.teamId, now);
      }
    }
    return {
      rule: { id: rule.id, name: rule.name },
      fields,
      event: {
        type: 'routed',
        occurredAt: now,
        payload: {
          ruleId: rule.id,
          ruleName: rule.name,
          ...fields,
          ...(roundRobin ? { roundRobin: true } : {}),
          ...(kept.length > 0 ? { kept } : {}),
        },
      },
    };
  }
}
