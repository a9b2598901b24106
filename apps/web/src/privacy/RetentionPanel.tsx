import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { post } from '../api/client';
import { privacyKeys, type RetentionRun, useRetentionRuns } from '../api/queries/privacy.queries';
import { ErrorLine } from '../layout/ErrorLine';
import { formatDate, formatDateTime, localDate } from '../time/format';
import { fieldAttributes, PrivacyError, PrivacyFieldError } from './PrivacyError';
import { summaryLines } from './retentionSummary';

/**
 * The clean-up (admins): what it would do as of a chosen date, counted per class of data in plain
 * words (a dry run: nothing changes), and the last runs with what each did.
 */
export function RetentionPanel() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [asOf, setAsOf] = useState(() => localDate(Date.now()));
  const preview = useMutation({
    mutationFn: () => post<RetentionRun>('/api/privacy/retention-runs/preview', asOf ? { asOf } : {}),
    onSuccess: () => client.invalidateQueries({ queryKey: privacyKeys.runs() }),
  });
  const runs = useRetentionRuns(true);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    preview.mutate();
  };

  return (
    <>
      <h2>{t('privacyX.retention.previewTitle')}</h2>
      <form className="panel" aria-label={t('privacyX.retention.previewTitle')} onSubmit={submit} noValidate>
        <p className="muted">{t('privacyX.retention.previewHint')}</p>
        <label>
          {t('privacyX.retention.asOf')}
          <input
            type="date"
            value={asOf}
            required
            onChange={(e) => setAsOf(e.target.value)}
            {...fieldAttributes(preview.error, 'asOf', 'preview-as-of-error')}
          />
        </label>
        <PrivacyFieldError error={preview.error} field="asOf" id="preview-as-of-error" />
        <div className="form-buttons">
          <button type="submit" className="primary" disabled={preview.isPending}>
            {t('privacyX.retention.preview')}
          </button>
        </div>
        <PrivacyError
          error={preview.error}
          label={(f) => (f === 'asOf' ? t('privacyX.retention.asOf') : null)}
        />
      </form>
      <div role="status" data-testid="retention-preview">
        {preview.data && (
          <>
            <p>
              {t('privacyX.retention.previewOf', {
                date: formatDate(preview.data.asOf, i18n.language),
                version: preview.data.policyVersion,
              })}
            </p>
            <Summary run={preview.data} />
          </>
        )}
      </div>

      <h2>{t('privacyX.retention.runsTitle')}</h2>
      <ErrorLine error={runs.error} />
      {runs.data?.length === 0 && <p className="muted">{t('privacyX.retention.noRuns')}</p>}
      {!!runs.data?.length && (
        <table className="admin-table runs-table">
          <thead>
            <tr>
              <th scope="col">{t('privacyX.retention.startedAt')}</th>
              <th scope="col">{t('privacyX.retention.asOfColumn')}</th>
              <th scope="col">{t('privacyX.retention.kind')}</th>
              <th scope="col">{t('privacyX.retention.trigger')}</th>
              <th scope="col">{t('privacyX.retention.policyVersion')}</th>
              <th scope="col">{t('privacyX.retention.outcome')}</th>
              <th scope="col">{t('privacyX.retention.summary')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.map((run) => (
              <tr key={run.id}>
                <td>{formatDateTime(run.startedAt, i18n.language)}</td>
                <td>{formatDate(run.asOf, i18n.language)}</td>
                <td>{run.dryRun ? t('privacyX.retention.dryRun') : t('privacyX.retention.real')}</td>
                <td>{t(`privacyX.retention.triggers.${run.trigger}`)}</td>
                <td>{run.policyVersion}</td>
                <td>
                  {run.error
                    ? t('privacyX.retention.failed', { error: run.error })
                    : run.finishedAt
                      ? t('privacyX.retention.done')
                      : t('privacyX.retention.running')}
                </td>
                <td>
                  <Summary run={run} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** A run's counts, one line per class of data. */
function Summary({ run }: { run: RetentionRun }) {
  const { t } = useTranslation();
  return (
    <ul className="retention-summary">
      {summaryLines(t, run.summary, run.dryRun).map((line) => (
        <li key={line.dataClass} data-class={line.dataClass}>
          <strong>{t(`privacyX.classes.${line.dataClass}`)}</strong> — {line.text}
        </li>
      ))}
    </ul>
  );
}
