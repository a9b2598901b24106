import { useTranslation } from 'react-i18next';

import { withQuery } from '../api/client';
import { useCallReport } from '../api/queries/call.queries';
import { ErrorLine } from '../layout/ErrorLine';
import { csvLanguage } from './percent';

/**
 * The phone line beside the ticket tables (issue 24.6): the period's months of calls — incoming,
 * answered, missed, missed and never called back, outbound — and the median time to answer.
 */
export function CallsSection({ year, months }: { year: number; months: number[] }) {
  const { t, i18n } = useTranslation();
  const report = useCallReport(year);
  const shown = (report.data?.months ?? []).filter((m) => months.includes(m.month));
  const sum = (key: 'incoming' | 'answered' | 'missed' | 'missedNotCalledBack' | 'outbound') =>
    shown.reduce((s, m) => s + m[key], 0);
  const monthName = (month: number) =>
    new Date(Date.UTC(year, month - 1, 15)).toLocaleString(i18n.language, { month: 'long', timeZone: 'UTC' });
  const seconds = (s: number | null) => (s === null ? '—' : t('workspaceX.calls.seconds', { count: s }));
  return (
    <>
      <h2 id="calls-report-title">{t('workspaceX.calls.title')}</h2>
      <ErrorLine error={report.error} />
      {report.data && (
        <table className="report-table" aria-labelledby="calls-report-title">
          <thead>
            <tr>
              <th scope="col">{t('workspaceX.calls.month')}</th>
              <th scope="col">{t('workspaceX.calls.incoming')}</th>
              <th scope="col">{t('workspaceX.calls.answered')}</th>
              <th scope="col">{t('workspaceX.calls.missed')}</th>
              <th scope="col">{t('workspaceX.calls.notCalledBack')}</th>
              <th scope="col">{t('workspaceX.calls.outbound')}</th>
              <th scope="col">{t('workspaceX.calls.medianAnswer')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => (
              <tr key={m.month}>
                <th scope="row">{monthName(m.month)}</th>
                <td>{m.incoming}</td>
                <td>{m.answered}</td>
                <td>{m.missed}</td>
                <td>{m.missedNotCalledBack}</td>
                <td>{m.outbound}</td>
                <td>{seconds(m.medianAnswerSeconds)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('workspaceX.calls.total')}</th>
              <td>{sum('incoming')}</td>
              <td>{sum('answered')}</td>
              <td>{sum('missed')}</td>
              <td>{sum('missedNotCalledBack')}</td>
              <td>{sum('outbound')}</td>
              <td>—</td>
            </tr>
          </tfoot>
        </table>
      )}
      <p>
        <a
          className="button"
          href={withQuery('/api/reports/calls', { year, format: 'csv', lang: csvLanguage(i18n.language) })}
        >
          {t('workspaceX.calls.csv', { year })}
        </a>{' '}
        <a className="button" href={withQuery('/api/reports/calls', { year, format: 'xlsx' })}>
          {t('workspaceX.calls.xlsx', { year })}
        </a>
      </p>
    </>
  );
}
