import type { TFunction } from 'i18next';

import { FieldProblem } from '../../api/client';
import { localMessage, problemText } from '../../api/problems';
import { routingIt } from '../../i18n/parts/routing';
import { workspaceIt } from '../../i18n/parts/workspace';

type RoutingCode = keyof typeof routingIt.problem;
type RoutingField = keyof typeof routingIt.field;
const isRoutingCode = (code: unknown): code is RoutingCode =>
  typeof code === 'string' && Object.hasOwn(routingIt.problem, code);
const isRoutingField = (name: unknown): name is RoutingField =>
  typeof name === 'string' && Object.hasOwn(routingIt.field, name);
const isSharedCode = (code: unknown): boolean =>
  typeof code === 'string' && code !== 'other' && Object.hasOwn(workspaceIt.problem, code);

/** `conditions.channel[1]` is the `channel` field, its second value. */
export function ruleField(field: string): { name: string; index: number | null } {
  const last = field.split('.').pop()!;
  const m = /^(.*)\[(\d+)\]$/.exec(last);
  return m ? { name: m[1], index: Number(m[2]) } : { name: last, index: null };
}

/** What is wrong, in the user's language: the rules' own codes, then the shared ones, then the api's words. */
export function routingProblemText(t: TFunction, language: string, problem: FieldProblem): string {
  if (isRoutingCode(problem.code)) return t(`routingX.problem.${problem.code}`);
  if (isSharedCode(problem.code)) return problemText(t, problem);
  if (problem.reason && problem.reason.split(' / ').length === 2)
    return localMessage(problem.reason, language);
  return problemText(t, problem);
}

/** The field's label as the editor shows it, with the value's place when it names one. */
export function routingFieldName(t: TFunction, field: string): string {
  const { name, index } = ruleField(field);
  const label = isRoutingField(name) ? t(`routingX.field.${name}`) : name;
  return index === null ? label : `${label} (${index + 1})`;
}
