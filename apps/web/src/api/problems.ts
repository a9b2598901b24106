import type { TFunction } from 'i18next';

import { workspaceIt } from '../i18n/parts/workspace';
import { ApiError, FieldProblem } from './client';

type ProblemCode = keyof typeof workspaceIt.problem;
type FieldName = keyof typeof workspaceIt.field;

const isProblemCode = (code: unknown): code is ProblemCode =>
  typeof code === 'string' && Object.hasOwn(workspaceIt.problem, code);
const isFieldName = (name: unknown): name is FieldName =>
  typeof name === 'string' && Object.hasOwn(workspaceIt.field, name);

/** What is wrong with one field, in the user's language ("al massimo 300 caratteri"). */
export function problemText(t: TFunction, problem: FieldProblem): string {
  const code = isProblemCode(problem.code) ? problem.code : 'other';
  const params = Object.fromEntries(
    Object.entries(problem.params ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
  );
  return t(`workspaceX.problem.${code}`, { replace: params });
}

/** A field's name as the form labels it: the last part of the api's path (requester.phone: Telefono). */
export function fieldName(t: TFunction, field: string): string | null {
  const last = field.split('.').pop();
  return isFieldName(last) ? t(`workspaceX.field.${last}`) : null;
}

/** The problems of the fields under `path` (a field or a group of fields), one per field. */
export function problemsOf(error: unknown, path?: string): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  const seen = new Set<string>();
  return error.problems.filter((p) => {
    const mine = path === undefined || p.field === path || p.field.startsWith(`${path}.`);
    if (!mine || seen.has(p.field)) return false;
    seen.add(p.field);
    return true;
  });
}

/**
 * The api's own message in the user's language: its messages say "Italian / English"; a message
 * in one language only is shown as it is.
 */
export function localMessage(message: string, language: string): string {
  const halves = message.split(' / ');
  if (halves.length !== 2) return message;
  return language === 'en' ? halves[1] : halves[0];
}
