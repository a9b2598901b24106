import type { FieldProblem } from '@app/common';

import { TICKET_CHANNELS, TICKET_DIFFICULTIES } from '../entities';
import { hasConditions, normaliseWords, RoutingActions, RoutingConditions } from './routing-match';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN =
  /^@?(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const MAX_VALUES = 100;
const MAX_TEXT = 200;

/** The ids a rule names, each looked up by the service: what exists (active) is in these sets. */
export interface KnownReferences {
  teams: ReadonlySet<string>;
  users: ReadonlySet<string>;
  categories: ReadonlySet<string>;
  mailboxes: ReadonlySet<string>;
  entes: ReadonlySet<string>;
}

export interface RuleDraft {
  conditions: unknown;
  actions: unknown;
}

const LIST_FIELDS = [
  'channel',
  'mailboxId',
  'enteId',
  'categoryId',
  'senderDomain',
  'keywords',
  'monitoringHost',
  'monitoringService',
] as const;
const CONDITION_FIELDS = new Set<string>([...LIST_FIELDS, 'catchAll', 'keywordsIn', 'malfunction']);
const ACTION_FIELDS = new Set(['teamId', 'categoryId', 'difficulty', 'assigneeId', 'roundRobin']);

const problem = (field: string, code: string, reason: string, params?: Record<string, unknown>) => ({
  field,
  code,
  reason,
  ...(params ? { params } : {}),
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The ids of other records a draft names, for the service to look up before `ruleProblems`. */
export function referencedIds(draft: RuleDraft): Record<keyof KnownReferences, string[]> {
  const c = isObject(draft.conditions) ? draft.conditions : {};
  const a = isObject(draft.actions) ? draft.actions : {};
  const ids = (v: unknown) =>
    (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && UUID.test(x));
  return {
    teams: ids(a.teamId),
    users: ids(a.assigneeId),
    categories: [...ids(c.categoryId), ...ids(a.categoryId)],
    mailboxes: ids(c.mailboxId),
    entes: ids(c.enteId),
  };
}

/**
 * Every problem of a rule's conditions and actions, each naming its field as the form does
 * (`conditions.channel[0]`, `actions.teamId`), and the rule as it is stored when there is none.
 */
export function ruleProblems(
  draft: RuleDraft,
  known: KnownReferences,
): { problems: FieldProblem[]; conditions: RoutingConditions; actions: RoutingActions } {
  const problems: FieldProblem[] = [];
  const conditions: RoutingConditions = {};
  const actions: RoutingActions = {};

  if (!isObject(draft.conditions)) {
    problems.push(problem('conditions', 'isObject', 'deve essere un oggetto / must be an object'));
  } else {
    const c = draft.conditions;
    for (const key of Object.keys(c)) {
      if (!CONDITION_FIELDS.has(key))
        problems.push(
          problem(`conditions.${key}`, 'unknownField', 'condizione sconosciuta / unknown condition'),
        );
    }
    for (const key of LIST_FIELDS) {
      const value = c[key];
      if (value === undefined || value === null) continue;
      const field = `conditions.${key}`;
      if (!Array.isArray(value)) {
        problems.push(problem(field, 'isArray', 'deve essere un elenco / must be a list'));
        continue;
      }
      if (value.length > MAX_VALUES) {
        problems.push(
          problem(field, 'arrayMaxSize', `al massimo ${MAX_VALUES} valori / at most ${MAX_VALUES} values`, {
            max: MAX_VALUES,
          }),
        );
        continue;
      }
      const kept: string[] = [];
      value.forEach((item, i) => {
        const at = `${field}[${i}]`;
        const bad = itemProblem(key, item, known);
        if (bad) problems.push(problem(at, bad.code, bad.reason, bad.params));
        else {
          const text = (item as string).trim();
          const stored = key === 'senderDomain' ? text.toLowerCase().replace(/^@/, '') : text;
          if (!kept.includes(stored)) kept.push(stored);
        }
      });
      if (kept.length > 0) (conditions as Record<string, unknown>)[key] = kept;
    }
    if (c.keywordsIn !== undefined && c.keywordsIn !== null) {
      if (c.keywordsIn !== 'subject' && c.keywordsIn !== 'subject_body')
        problems.push(
          problem('conditions.keywordsIn', 'isIn', 'subject o subject_body / subject or subject_body', {
            values: ['subject', 'subject_body'],
          }),
        );
      else if (conditions.keywords) conditions.keywordsIn = c.keywordsIn;
    }
    for (const key of ['malfunction', 'catchAll'] as const) {
      const value = c[key];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'boolean')
        problems.push(problem(`conditions.${key}`, 'isBoolean', 'vero o falso / true or false'));
      else if (key === 'malfunction') conditions.malfunction = value;
      else if (value) conditions.catchAll = true;
    }
    const anyProblem = problems.some((p) => p.field.startsWith('conditions.'));
    if (!anyProblem && conditions.catchAll && hasConditions(conditions)) {
      problems.push(
        problem(
          'conditions.catchAll',
          'catchAllWithConditions',
          'una regola "tutti i ticket" non ha condizioni / a catch-all rule has no conditions',
        ),
      );
    }
    if (!anyProblem && !conditions.catchAll && !hasConditions(conditions)) {
      problems.push(
        problem(
          'conditions',
          'noCondition',
          'almeno una condizione, o segnare la regola come "tutti i ticket" / at least one condition, or mark the rule catch-all',
        ),
      );
    }
  }

  if (!isObject(draft.actions)) {
    problems.push(problem('actions', 'isObject', 'deve essere un oggetto / must be an object'));
  } else {
    const a = draft.actions;
    for (const key of Object.keys(a)) {
      if (!ACTION_FIELDS.has(key))
        problems.push(problem(`actions.${key}`, 'unknownField', 'azione sconosciuta / unknown action'));
    }
    const ref = (key: 'teamId' | 'categoryId' | 'assigneeId', set: ReadonlySet<string>, what: string) => {
      const value = a[key];
      if (value === undefined || value === null) return;
      if (typeof value !== 'string' || !UUID.test(value))
        problems.push(problem(`actions.${key}`, 'isUuid', 'identificativo non valido / not a valid id'));
      else if (!set.has(value)) problems.push(problem(`actions.${key}`, 'unknown', what));
      else actions[key] = value;
    };
    ref('teamId', known.teams, 'team inesistente o non attivo / no such active team');
    ref('categoryId', known.categories, 'categoria inesistente / no such category');
    ref('assigneeId', known.users, 'operatore inesistente o non attivo / no such active staff member');
    if (a.difficulty !== undefined && a.difficulty !== null) {
      if (!(TICKET_DIFFICULTIES as readonly unknown[]).includes(a.difficulty))
        problems.push(
          problem('actions.difficulty', 'isIn', 'difficoltà non valida / not a difficulty', {
            values: [...TICKET_DIFFICULTIES],
          }),
        );
      else actions.difficulty = a.difficulty as RoutingActions['difficulty'];
    }
    if (a.roundRobin !== undefined && a.roundRobin !== null) {
      if (typeof a.roundRobin !== 'boolean')
        problems.push(problem('actions.roundRobin', 'isBoolean', 'vero o falso / true or false'));
      else if (a.roundRobin) {
        actions.roundRobin = true;
        if (a.assigneeId)
          problems.push(
            problem(
              'actions.roundRobin',
              'assigneeAndRoundRobin',
              'un operatore fisso oppure la rotazione, non entrambi / a fixed assignee or round-robin, not both',
            ),
          );
        if (a.teamId === undefined || a.teamId === null)
          problems.push(
            problem(
              'actions.roundRobin',
              'roundRobinWithoutTeam',
              'la rotazione richiede un team / round-robin needs a team',
            ),
          );
      }
    }
    const anyProblem = problems.some((p) => p.field.startsWith('actions'));
    if (!anyProblem && Object.keys(actions).length === 0)
      problems.push(problem('actions', 'noAction', "almeno un'azione / at least one action"));
  }
  return { problems, conditions, actions };
}

function itemProblem(
  key: (typeof LIST_FIELDS)[number],
  item: unknown,
  known: KnownReferences,
): { code: string; reason: string; params?: Record<string, unknown> } | null {
  if (typeof item !== 'string' || item.trim() === '')
    return { code: 'notBlank', reason: 'valore vuoto / empty value' };
  if (item.length > MAX_TEXT)
    return {
      code: 'maxLength',
      reason: `al massimo ${MAX_TEXT} caratteri / at most ${MAX_TEXT} characters`,
      params: { max: MAX_TEXT },
    };
  const text = item.trim();
  const unknownId = (set: ReadonlySet<string>, reason: string) =>
    !UUID.test(text)
      ? { code: 'isUuid', reason: 'identificativo non valido / not a valid id' }
      : !set.has(text)
        ? { code: 'unknown', reason }
        : null;
  switch (key) {
    case 'channel':
      return (TICKET_CHANNELS as readonly string[]).includes(text)
        ? null
        : {
            code: 'isIn',
            reason: 'canale sconosciuto / unknown channel',
            params: { values: [...TICKET_CHANNELS] },
          };
    case 'mailboxId':
      return unknownId(known.mailboxes, 'casella inesistente / no such mailbox');
    case 'enteId':
      return unknownId(known.entes, 'ente inesistente / no such ente');
    case 'categoryId':
      return unknownId(known.categories, 'categoria inesistente / no such category');
    case 'senderDomain':
      return DOMAIN.test(text) ? null : { code: 'domain', reason: 'dominio non valido / not a domain' };
    case 'keywords':
      return normaliseWords(text).trim() === ''
        ? { code: 'noWords', reason: 'nessuna parola / no words' }
        : null;
    case 'monitoringHost':
    case 'monitoringService':
      return null;
  }
}
