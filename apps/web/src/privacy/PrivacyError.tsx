import { useTranslation } from 'react-i18next';

import { ApiError } from '../api/client';
import { fieldName, localMessage, problemsOf } from '../api/problems';
import { privacyProblemText } from './privacyProblems';

/**
 * A refusal said to the user at once, in their language, like ErrorLine, but with the privacy
 * rules' words: each refused field named by `label` (the form's own label for it) with what is
 * wrong, or the api's message in the UI language.
 */
export function PrivacyError({
  error,
  label,
  intro,
}: {
  error: unknown;
  label?: (field: string) => string | null;
  intro?: string;
}) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const problems = problemsOf(error);
  if (error instanceof ApiError && error.status === 400 && problems.length > 0) {
    return (
      <div role="alert" className="error">
        <p>{intro ?? t('workspaceX.invalidForm')}</p>
        <ul>
          {problems.map((p) => {
            const name = label?.(p.field) ?? fieldName(t, p.field);
            const text = privacyProblemText(t, i18n.language, p);
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

/** What is wrong with one field, said next to it; the input names it with aria-describedby. */
export function PrivacyFieldError({ error, field, id }: { error: unknown; field: string; id: string }) {
  const { t, i18n } = useTranslation();
  const problems = problemsOf(error, field);
  if (problems.length === 0) return null;
  return (
    <span id={id} className="field-error">
      {problems.map((p) => privacyProblemText(t, i18n.language, p)).join('; ')}
    </span>
  );
}

/** The input's accessibility attributes for a field the api may refuse. */
export function fieldAttributes(error: unknown, field: string, id: string) {
  const refused = problemsOf(error, field).length > 0;
  return { 'aria-invalid': refused || undefined, 'aria-describedby': refused ? id : undefined };
}
