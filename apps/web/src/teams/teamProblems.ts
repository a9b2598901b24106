import type { TFunction } from 'i18next';

import { FieldProblem } from '../api/client';
import { localMessage, problemText } from '../api/problems';
import { teamsIt } from '../i18n/parts/teams';
import { workspaceIt } from '../i18n/parts/workspace';

type TeamCode = keyof typeof teamsIt.problem;
type TeamField = keyof typeof teamsIt.field;
const isTeamCode = (code: unknown): code is TeamCode =>
  typeof code === 'string' && Object.hasOwn(teamsIt.problem, code);
const isTeamField = (name: unknown): name is TeamField =>
  typeof name === 'string' && Object.hasOwn(teamsIt.field, name);
const isSharedCode = (code: unknown): boolean =>
  typeof code === 'string' && code !== 'other' && Object.hasOwn(workspaceIt.problem, code);

/** The last part of the api's path: `members[2].userId` is the `userId` field. */
export function lastField(field: string): string {
  return field
    .split('.')
    .pop()!
    .replace(/\[\d+\]$/, '');
}

/**
 * What is wrong with one field of a team form, in the user's language: the teams' own codes (a
 * code already used, an unknown calendar, a member who is not staff), a team code's pattern said
 * in words instead of "formato non valido", then the shared codes, then the api's bilingual reason.
 */
export function teamProblemText(t: TFunction, language: string, problem: FieldProblem): string {
  if (problem.code === 'matches' && lastField(problem.field) === 'code') return t('teamsX.problem.code');
  if (isTeamCode(problem.code)) return t(`teamsX.problem.${problem.code}`);
  if (isSharedCode(problem.code)) return problemText(t, problem);
  if (problem.reason && problem.reason.split(' / ').length === 2)
    return localMessage(problem.reason, language);
  return problemText(t, problem);
}

/** A field's name as the teams' forms label it, or null for one they do not name. */
export function teamFieldName(t: TFunction, field: string): string | null {
  const name = lastField(field);
  return isTeamField(name) ? t(`teamsX.field.${name}`) : null;
}
