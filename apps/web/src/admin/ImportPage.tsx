import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError, postText } from '../api/client';
import { localMessage } from '../api/problems';
import { useImportColumns } from '../api/queries/admin.queries';
import { ErrorLine } from '../layout/ErrorLine';

/** What the api answers an import (or its dry run). */
interface ImportReport {
  dryRun: boolean;
  total: number;
  imported: number;
  skippedExisting: number;
  problems: { line: number; column: string; reason: string }[];
  createdEntes: string[];
}

/**
 * History import: the columns the file must have and a template to start from; a dry run lists
 * every bad row (line, column, reason) and a file with any error imports nothing, as the page says;
 * the real run is idempotent by ticket number.
 */
export function ImportPage() {
  const { t, i18n } = useTranslation();
  const columns = useImportColumns();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const outcome = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (result) outcome.current?.focus();
  }, [result]);
  async function run(dryRun: boolean) {
    if (!file) return;
    setError(null);
    setResult(null);
    setRunning(true);
    try {
      const text = await file.text();
      setResult(await postText<ImportReport>('/api/admin/import/tickets', text, 'text/csv', { dryRun }));
    } catch (e) {
      // Over the api's limit for imports (413): say where such a file goes, not the bytes.
      setError(e instanceof ApiError && e.status === 413 ? t('adminX.import.tooLarge') : e);
    } finally {
      setRunning(false);
    }
  }
  const badLines = result ? new Set(result.problems.map((p) => p.line)).size : 0;
  return (
    <>
      <h2>{t('admin.imports')}</h2>
      <section className="panel" aria-labelledby="import-columns-title">
        <h3 id="import-columns-title">{t('adminX.import.columnsTitle')}</h3>
        <p>{t('adminX.import.format')}</p>
        <p>
          <a href="/api/admin/import/tickets/template" download>
            {t('adminX.import.template')}
          </a>
        </p>
        <table className="admin-table">
          <caption className="sr-only">{t('adminX.import.columnsTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('adminX.import.column')}</th>
              <th scope="col">{t('adminX.import.required')}</th>
              <th scope="col">{t('adminX.import.meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {columns.data?.map((c) => (
              <tr key={c.name}>
                <th scope="row">
                  <code>{c.name}</code>
                </th>
                <td>{c.required ? t('adminX.import.yes') : t('adminX.import.no')}</td>
                <td>{t(`adminX.import.columns.${c.name}`, { defaultValue: '' })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="panel">
        <label>
          {t('admin.importFile')}
          <input
            type="file"
            accept=".csv,text/csv"
            aria-describedby="import-all-or-nothing"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setResult(null);
            }}
          />
        </label>
        <p id="import-all-or-nothing" className="muted">
          {t('adminX.import.allOrNothing')}
        </p>
        <div className="form-buttons">
          <button type="button" disabled={!file || running} onClick={() => void run(true)}>
            {t('admin.dryRun')}
          </button>
          <button
            type="button"
            className="primary"
            disabled={!file || running}
            onClick={() => void run(false)}
          >
            {t('admin.import')}
          </button>
        </div>
        {running && <progress aria-label={t('adminX.import.running')} />}
        <ErrorLine error={error} />
      </div>
      {result && (
        <section className="panel" aria-labelledby="import-outcome">
          <h3 id="import-outcome" ref={outcome} tabIndex={-1}>
            {result.dryRun ? t('adminX.import.dryRunOutcome') : t('adminX.import.outcome')}
          </h3>
          {result.problems.length > 0 ? (
            <>
              <div role="alert" className="error">
                <p>
                  <strong>
                    {t('adminX.import.failed', { count: result.problems.length, lines: badLines })}
                  </strong>
                </p>
                <p>{t('adminX.import.nothingImported')}</p>
              </div>
              <table className="admin-table import-problems">
                <caption>{t('adminX.import.problemsCaption', { count: result.problems.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('adminX.import.line')}</th>
                    <th scope="col">{t('adminX.import.column')}</th>
                    <th scope="col">{t('adminX.import.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.problems.map((p, i) => (
                    <tr key={i}>
                      <td>{p.line}</td>
                      <td>{p.column ? <code>{p.column}</code> : '—'}</td>
                      <td>{localMessage(p.reason, i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            <div role="status">
              <p>
                {result.dryRun
                  ? t('adminX.import.wouldImport', { count: result.imported, total: result.total })
                  : t('adminX.import.imported', { count: result.imported, total: result.total })}
              </p>
              {result.skippedExisting > 0 && (
                <p>{t('adminX.import.skipped', { count: result.skippedExisting })}</p>
              )}
              {result.createdEntes.length > 0 && (
                <p>
                  {result.dryRun
                    ? t('adminX.import.wouldCreateEntes', { names: result.createdEntes.join(', ') })
                    : t('adminX.import.createdEntes', { names: result.createdEntes.join(', ') })}
                </p>
              )}
            </div>
          )}
        </section>
      )}
    </>
  );
}
