import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { withQuery } from '../api/client';
import { type Drill, type SlaRow, useSlaReport } from '../api/queries/report.queries';
import { BarChart } from './BarChart';
import { csvLanguage, formatPercent } from './percent';

/** SLA compliance of the period: one row per SLA code, its breaches opening the tickets behind them. */
export function SlaSection({
  range,
  onDrill,
}: {
  range: { from: string; to: string };
  onDrill(drill: Drill): void;
}) {
  const { t, i18n } = useTranslation();
  const sla = useSlaReport(range);
  const pct = (n: number | null | undefined) => formatPercent(n, i18n.language);
  const slaRows = useMemo(() => sla.data?.rows ?? [], [sla.data]);
  // The bar of a row is the percentage its table cell shows: the share on time, or the measured
  // uptime of a monitoring row (no bar for milliseconds or no data, never a made-up 100%).
  const compliance = useMemo(
    () => [
      {
        label: t('reports.compliance'),
        data: slaRows.map((r) =>
          r.measuredUnit === '%'
            ? (r.measuredValue ?? null)
            : r.measuredUnit === 'ms'
              ? null
              : (r.compliancePct ?? null),
        ),
        color: '#2e7d32',
      },
    ],
    [slaRows, t],
  );
  const words = (r: SlaRow) => (i18n.language === 'en' && r.en ? r.en : r);

  return (
    <>
      <h2>{t('reports.sla')}</h2>
      <p>
        {t('reports.download')}:{' '}
        <a
          href={withQuery('/api/reports/sla', { ...range, format: 'csv', lang: csvLanguage(i18n.language) })}
        >
          CSV
        </a>{' '}
        ·{' '}
        <a
          href={withQuery('/api/reports/sla', { ...range, format: 'xlsx', lang: csvLanguage(i18n.language) })}
        >
          XLSX
        </a>
      </p>
      <table className="report-table sla-table">
        <thead>
          <tr>
            <th scope="col">{t('reports.code')}</th>
            <th scope="col">{t('reports.slaName')}</th>
            <th scope="col">{t('reports.target')}</th>
            <th scope="col">{t('reports.measured')}</th>
            <th scope="col">{t('reports.deviation')}</th>
          </tr>
        </thead>
        <tbody>
          {slaRows.map((r) => (
            <tr key={r.code}>
              <th scope="row">{r.code}</th>
              <td className="left">{words(r).title}</td>
              <td className="left">{words(r).target}</td>
              <td>{words(r).measured ?? pct(r.compliancePct)}</td>
              <td className="left">
                {r.breached ? (
                  <button
                    type="button"
                    className="cell"
                    onClick={() =>
                      onDrill(
                        r.deliveries
                          ? {
                              title: `${r.code}: ${t('reportsX.late.title')}`,
                              query: {},
                              deliveries: r.deliveries,
                            }
                          : {
                              title: `${r.code}: ${t('reports.breaches')}`,
                              query: {},
                              breaches: { ...range, code: r.code },
                            },
                      )
                    }
                  >
                    {words(r).deviation}
                  </button>
                ) : (
                  words(r).deviation
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <BarChart
        labels={slaRows.map((r) => r.code)}
        series={compliance}
        horizontal
        max={100}
        label={t('reports.compliance')}
      />
    </>
  );
}
