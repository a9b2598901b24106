import type { TFunction } from 'i18next';

import { FieldProblem } from '../api/client';
import { localMessage, problemText } from '../api/problems';
import { privacyIt } from '../i18n/parts/privacy';
import { workspaceIt } from '../i18n/parts/workspace';

type PrivacyCode = keyof typeof privacyIt.problem;
const isPrivacyCode = (code: unknown): code is PrivacyCode =>
  typeof code === 'string' && Object.hasOwn(privacyIt.problem, code);
const isSharedCode = (code: unknown): boolean =>
  typeof code === 'string' && code !== 'other' && Object.hasOwn(workspaceIt.problem, code);

/**
 * What is wrong with one field in the user's language: the privacy rules' own codes, then the
 * shared ones, then the api's bilingual reason (the policy's checks name no code: "sotto il minimo
 * di legge di 30 giorni / below the legal minimum of 30 days"), never the English half to an
 * Italian user; a reason in one language only falls back to the generic "valore non valido".
 */
export function privacyProblemText(t: TFunction, language: string, problem: FieldProblem): string {
  if (isPrivacyCode(problem.code)) {
    const params = Object.fromEntries(Object.entries(problem.params ?? {}).map(([k, v]) => [k, String(v)]));
    return t(`privacyX.problem.${problem.code}`, { replace: params });
  }
  if (isSharedCode(problem.code)) return problemText(t, problem);
  if (problem.reason && problem.reason.split(' / ').length === 2)
    return localMessage(problem.reason, language);
  return problemText(t, problem);
}
