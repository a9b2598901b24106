import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { put } from '../api/client';
import { adminKeys, type LogLevelsView as Levels, useLogLevels } from '../api/queries/admin.queries';
import { ErrorLine } from '../layout/ErrorLine';

/**
 * The log levels of the api process that answers (GET/PUT /api/admin/log-levels): more detail for
 * one module while following an incident, back to the default after. Each change is audited.
 */
export function LogLevels() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const levels = useLogLevels();
  const [context, setContext] = useState('');
  const [level, setLevel] = useState('debug');
  const save = useMutation({
    mutationFn: (change: { context: string; level: string | null }) =>
      put<Levels>('/api/admin/log-levels', change),
    onSuccess: () => setContext(''),
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.logLevels() }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ context: context.trim(), level });
  };
  const known = levels.data?.known ?? [];
  return (
    <div className="panel">
      <h2 id="log-levels-title">{t('admin.logLevels')}</h2>
      <p className="muted">{t('admin.logLevelsHint')}</p>
      <ErrorLine error={levels.error ?? save.error} />
      {levels.data && (
        <table aria-labelledby="log-levels-title">
          <thead>
            <tr>
              <th scope="col">{t('admin.logModule')}</th>
              <th scope="col">{t('admin.logLevel')}</th>
              <th scope="col">
                <span className="sr-only">{t('admin.logActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{t('admin.logDefault')}</td>
              <td>{levels.data.default}</td>
              <td />
            </tr>
            {Object.entries(levels.data.modules).map(([module, moduleLevel]) => (
              <tr key={module}>
                <td>{module}</td>
                <td>{moduleLevel}</td>
                <td>
                  <button
                    type="button"
                    disabled={save.isPending}
                    onClick={() => save.mutate({ context: module, level: null })}
                    aria-label={t('admin.logResetModule', { module })}
                  >
                    {t('admin.logReset')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={submit} aria-label={t('admin.logChange')}>
        <label>
          {t('admin.logModule')}
          <input
            value={context}
            onChange={(e) => setContext(e.target.value)}
            required
            maxLength={100}
            pattern="[*]|[A-Za-z0-9_.\-]{1,100}"
            placeholder="MailIngest"
          />
        </label>
        <label>
          {t('admin.logLevel')}
          <select value={level} onChange={(e) => setLevel(e.target.value)}>
            {known.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <div className="form-buttons">
          <button type="submit" className="primary" disabled={save.isPending}>
            {t('admin.logApply')}
          </button>
        </div>
      </form>
    </div>
  );
}
