import { useTranslation } from 'react-i18next';

import { ApiError } from '../api/client';
import { localMessage } from '../api/problems';

/**
 * A refusal of the tags' and macros' forms: each refused field with the api's reason in the UI's
 * language ("actions.answer.body: segnaposto sconosciuto {{cliente.nome}}"), or the message.
 */
export function ApiProblems({ error, label }: { error: unknown; label?: (field: string) => string }) {
  const { i18n } = useTranslation();
  if (!error) return null;
  if (error instanceof ApiError && error.problems.length > 0) {
    return (
      // The api names an unknown placeholder as it was typed ({{cliente.nome}}): not a missing string.
      <div role="alert" className="error" data-raw-placeholders>
        <ul>
          {error.problems.map((p) => (
            <li key={p.field}>
              {label?.(p.field) ?? p.field}: {localMessage(p.reason ?? p.code ?? '', i18n.language)}
            </li>
          ))}
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
