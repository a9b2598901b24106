import type { TFunction } from 'i18next';

import { ApiError, type FieldProblem } from '../api/client';
import { problemText } from '../api/problems';
import { adminIt } from '../i18n/parts/admin';

type PasswordCode = keyof typeof adminIt.problem;
const isPasswordCode = (code: unknown): code is PasswordCode =>
  typeof code === 'string' && Object.hasOwn(adminIt.problem, code);

/** What the api refused in a field, in the user's language: the password rules first, then the common ones. */
export function adminProblemText(t: TFunction, problem: FieldProblem): string {
  if (!isPasswordCode(problem.code)) return problemText(t, problem);
  const params = Object.fromEntries(Object.entries(problem.params ?? {}).map(([k, v]) => [k, String(v)]));
  return t(`adminX.problem.${problem.code}`, { replace: params });
}

/** The refusals of one field of a 400, said in the user's language (empty when the field passed). */
export function fieldProblems(t: TFunction, error: unknown, field: string): string[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  return error.problems.filter((p) => p.field === field).map((p) => adminProblemText(t, p));
}
