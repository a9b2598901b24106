import { useTranslation } from 'react-i18next';

import { withQuery } from '../api/client';
import { localMessage } from '../api/problems';
import {
  type BreakdownKey,
  breakdownPath,
  type Drill,
  useBreakdownReport,
} from '../api/queries/report.queries';
import { ErrorLine } from '../layout/ErrorLine';
import { csvLanguage, formatPercent } from './percent';

const COLUMNS = ['new', 'open', 'resolvedNotCompetent', 'resolved', 'handled', 'resolvedPct'] as const;

/** The ticket list's filter that opens one row's tickets. */
const DRILL_FILTER: Record<BreakdownKey, string> = { ente: 'enteId', category: 'categoryId', tag: 'tag' };

/**
 * The period's tickets per ente (the consortium's municipalities), per category (issue 16.15) or
 * per tag (issue 19.5, supervisors and admins only): one row each, the handled figure opening its
 * tickets, the same rows as CSV or XLSX below the table.
 */
export function BreakdownSection({
  by,
  range,
  onDrill,
}: {
  by: BreakdownKey;
  range: { from: string; to: string };
  onDrill(drill: Drill): void;
}) {
  const { t, i18n } = useTranslation();
  const report = useBreakdownReport(by, range);
  const title =
    by === 'ente' ? t('reportsX.byEnte') : by === 'category' ? t('reportsX.byCategory') : t('reportsX.byTag');
  const keyColumn =
    by === 'ente' ? t('queue.ente') : by === 'category' ? t('intake.category') : t('reportsX.tag');
  const id = `breakdown-${by}`;
  const rows = [...(report.data?.rows ?? [])].sort((a, b) => b.counts.handled - a.counts.handled);
  // Tickets in the period, none of them tagged: said, not left to a lone "without tags" row.
  const noneTagged = by === 'tag' && rows.length > 0 && rows.every((r) => r.id === null);
  const download = (format: 'csv' | 'xlsx') =>
    withQuery(breakdownPath(by), { ...range, format, lang: csvLanguage(i18n.language) });
  return (
    <>
      <h2 id={id}>{title}</h2>
      <ErrorLine error={report.error} />
      {report.data && rows.length === 0 && <p className="muted">{t('reportsX.noTickets')}</p>}
      {noneTagged && <p className="muted">{t('reportsX.noTagged')}</p>}
      {rows.length > 0 && (
        <table className="report-table" aria-labelledby={id} data-breakdown={by}>
          <thead>
            <tr>
              <th scope="col">{keyColumn}</th>
              {COLUMNS.map((c) => (
                <th scope="col" key={c}>
                  {t(`reports.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              // The tickets with no ente, category or tag: said in the UI language, not the api's two-language label.
              const name = r.id
                ? localMessage(r.name, i18n.language)
                : by === 'tag'
                  ? t('reportsX.untagged')
                  : t('exportsX.notSet');
              return (
                <tr key={r.id ?? '-'}>
                  <th scope="row" className="left">
                    {name}
                  </th>
                  <td>{r.counts.new}</td>
                  <td>{r.counts.open}</td>
                  <td>{r.counts.resolvedNotCompetent}</td>
                  <td>{r.counts.resolved}</td>
                  <td>
                    {r.id && r.counts.handled > 0 ? (
                      <button
                        type="button"
                        className="cell"
                        onClick={() =>
                          onDrill({
                            title: `${name}: ${t('reports.handled')}`,
                            query: {
                              [DRILL_FILTER[by]]: r.id ?? undefined,
                              receivedFrom: range.from,
                              receivedTo: range.to,
                            },
                          })
                        }
                      >
                        {r.counts.handled}
                      </button>
                    ) : (
                      r.counts.handled
                    )}
                  </td>
                  <td>{formatPercent(r.counts.resolvedPct, i18n.language)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {by === 'tag' && rows.length > 0 && !noneTagged && <p className="muted">{t('reportsX.tagNote')}</p>}
      <p>
        {t('reports.download')}:{' '}
        <a href={download('csv')} aria-describedby={id}>
          CSV
        </a>{' '}
        ·{' '}
        <a href={download('xlsx')} aria-describedby={id}>
          XLSX
        </a>
      </p>
    </>
  );
}
