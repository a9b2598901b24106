import { useTranslation } from 'react-i18next';

import { ApiError } from '../api/client';
import { fieldName, localMessage, problemsOf, problemText } from '../api/problems';

/**
 * An error said to the user (and to screen readers at once), in their language: a refused form
 * lists each field with what is wrong ("Telefono: numero di telefono non valido"), never the api's
 * field paths or English validator text; another error shows the api's message in the UI language.
 */
export function ErrorLine({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const problems = problemsOf(error);
  if (error instanceof ApiError && error.status === 400 && problems.length > 0) {
    return (
      <div role="alert" className="error">
        <p>{t('workspaceX.invalidForm')}</p>
        <ul>
          {problems.map((p) => {
            const name = fieldName(t, p.field);
            return <li key={p.field}>{name ? `${name}: ${problemText(t, p)}` : problemText(t, p)}</li>;
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

/**
 * What is wrong with one field, said under it: give the input `aria-describedby={id}` and
 * `aria-invalid` (see fieldInvalid) so a screen reader reads it with the field. Hidden from the
 * accessibility tree itself: inside the field's <label> it would otherwise become part of the
 * field's name; the description still reads it.
 */
export function FieldError({ error, field, id }: { error: unknown; field: string; id: string }) {
  const { t } = useTranslation();
  const problems = problemsOf(error, field);
  if (problems.length === 0) return null;
  return (
    <span id={id} className="field-error" aria-hidden="true">
      {problems.map((p) => problemText(t, p)).join('; ')}
    </span>
  );
}

/** aria-invalid for an input whose field (or group of fields) the api refused. */
export function fieldInvalid(error: unknown, field: string): true | undefined {
  return problemsOf(error, field).length > 0 ? true : undefined;
}
