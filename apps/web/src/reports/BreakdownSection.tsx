import { useTranslation } from 'react-i18next';

import { localMessage } from '../api/problems';
import { type Drill, useBreakdownReport } from '../api/queries/report.queries';
import { ErrorLine } from '../layout/ErrorLine';
import { formatPercent } from './percent';

const COLUMNS = ['new', 'open', 'resolvedNotCompetent', 'resolved', 'handled', 'resolvedPct'] as const;

/**
 * The period's tickets per ente (the consortium's municipalities) or per category (issue 16.15):
 * one row each, the handled figure opening its tickets.
 */
export function BreakdownSection({
  by,
  range,
  onDrill,
}: {
  by: 'ente' | 'category';
  range: { from: string; to: string };
  onDrill(drill: Drill): void;
}) {
  const { t, i18n } = useTranslation();
  const report = useBreakdownReport(by, range);
  const title = by === 'ente' ? t('reportsX.byEnte') : t('reportsX.byCategory');
  const id = `breakdown-${by}`;
  const rows = [...(report.data?.rows ?? [])].sort((a, b) => b.counts.handled - a.counts.handled);
  return (
    <>
      <h2 id={id}>{title}</h2>
      <ErrorLine error={report.error} />
      {report.data && rows.length === 0 && <p className="muted">{t('reportsX.noTickets')}</p>}
      {rows.length > 0 && (
        <table className="report-table" aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">{by === 'ente' ? t('queue.ente') : t('intake.category')}</th>
              {COLUMNS.map((c) => (
                <th scope="col" key={c}>
                  {t(`reports.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              // The tickets with no ente or category: said in the UI language, not the api's two-language label.
              const name = r.id ? localMessage(r.name, i18n.language) : t('exportsX.notSet');
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
                              [by === 'ente' ? 'enteId' : 'categoryId']: r.id ?? undefined,
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
    </>
  );
}
