import { useTranslation } from 'react-i18next';

import { ApiError } from '../api/client';
import { localMessage, problemsOf } from '../api/problems';
import { teamFieldName, teamProblemText } from './teamProblems';

/**
 * A refused team form said at once, in the user's language: each field with what is wrong
 * ("Codice: codice già usato da un altro team"), `label` naming a field the form knows better
 * (a member by their name); another error shows the api's message in the UI language.
 */
export function TeamError({ error, label }: { error: unknown; label?: (field: string) => string | null }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const problems = problemsOf(error);
  if (error instanceof ApiError && error.status === 400 && problems.length > 0) {
    return (
      <div role="alert" className="error">
        <p>{t('workspaceX.invalidForm')}</p>
        <ul>
          {problems.map((p) => {
            const name = label?.(p.field) ?? teamFieldName(t, p.field);
            const text = teamProblemText(t, i18n.language, p);
            return <li key={p.field}>{name ? `${name}: ${text}` : text}</li>;
          })}
        </ul>
      </div>
    );
  }
  return (
    <p role="alert" className="error">
      {error instanceof Error ? localMessage(error.message, i18n.language) : String(error)}
    </p>
  );
}

/** What is wrong with one field, under it; the input names it with aria-describedby. */
export function TeamFieldError({ error, field, id }: { error: unknown; field: string; id: string }) {
  const { t, i18n } = useTranslation();
  const problems = problemsOf(error, field);
  if (problems.length === 0) return null;
  return (
    <span id={id} className="field-error">
      {problems.map((p) => teamProblemText(t, i18n.language, p)).join('; ')}
    </span>
  );
}

/** The input's accessibility attributes for a field the api may refuse. */
export function teamFieldAttributes(error: unknown, field: string, id: string) {
  const refused = problemsOf(error, field).length > 0;
  return { 'aria-invalid': refused || undefined, 'aria-describedby': refused ? id : undefined };
}
