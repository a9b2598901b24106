import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { postText } from '../api/client';
import { ErrorLine } from '../layout/ErrorLine';

/** History import: a dry run lists every bad row; the real run is idempotent by ticket number. */
export function ImportPage() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [progress, setProgress] = useState<number | null>(null);
  async function run(dryRun: boolean) {
    if (!file) return;
    setError(null);
    setResult(null);
    setProgress(0);
    try {
      const text = await file.text();
      setProgress(50);
      setResult(await postText('/api/admin/import/tickets', text, 'text/csv', { dryRun }));
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  }
  return (
    <div className="panel">
      <label>
        {t('admin.importFile')}
        <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <div className="form-buttons">
        <button type="button" disabled={!file || progress !== null} onClick={() => void run(true)}>
          {t('admin.dryRun')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!file || progress !== null}
          onClick={() => void run(false)}
        >
          {t('admin.import')}
        </button>
      </div>
      {progress !== null && <progress max={100} value={progress} aria-label={t('admin.imports')} />}
      <ErrorLine error={error} />
      {result !== null && <pre className="json">{JSON.stringify(result, null, 2)}</pre>}
    </div>
  );
}
