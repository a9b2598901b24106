import { Fragment, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { withQuery } from '../api/client';
import { type Counts, type Drill, useTicketReport } from '../api/queries/report.queries';
import { isChannelName } from '../i18n/keys';
import { BarChart } from './BarChart';
import { monthRange } from './local-midnight';
import { csvLanguage, formatPercent } from './percent';

const CHANNEL_COLORS: Record<string, string> = {
  email: '#0b4f8a',
  phone: '#c05a00',
  web: '#2e7d32',
  monitoring: '#6a3d9a',
};
const COLUMNS = ['new', 'open', 'resolvedNotCompetent', 'resolved', 'handled', 'resolvedPct'] as const;
/** Which current statuses a report column's drill-down lists (statuses as of now, not as of the report). */
const DRILL_STATUS: Record<(typeof COLUMNS)[number], string | undefined> = {
  new: 'new',
  open: 'open,waiting',
  resolvedNotCompetent: 'resolved_not_competent',
  resolved: 'resolved',
  handled: undefined,
  resolvedPct: undefined,
};

/** The ticket counts of the period: one table per channel and the total, each figure opening its tickets. */
export function TicketsSection({
  range,
  onDrill,
}: {
  range: { from: string; to: string };
  onDrill(drill: Drill): void;
}) {
  const { t, i18n } = useTranslation();
  const tickets = useTicketReport(range);
  const pct = (n: number | null | undefined) => formatPercent(n, i18n.language);
  const channelName = (c: string) => (isChannelName(c) ? t(`channel.${c}`) : c);
  const report = tickets.data;
  const channels = useMemo(() => report?.channels ?? [], [report]);
  const volume = useMemo(
    () =>
      report
        ? channels.map((c) => ({
            label: isChannelName(c) ? t(`channel.${c}`) : c,
            data: report.periods.map((p) => p.byChannel[c]?.handled ?? 0),
            color: CHANNEL_COLORS[c] ?? '#555',
          }))
        : [],
    [report, channels, t],
  );
  const periodLabels = useMemo(() => report?.periods.map((p) => p.label) ?? [], [report]);

  const cell = (
    counts: Counts | undefined,
    column: (typeof COLUMNS)[number],
    query: Record<string, string | undefined>,
    title: string,
  ) => {
    if (!counts) return <td>—</td>;
    if (column === 'resolvedPct') return <td>{pct(counts.resolvedPct)}</td>;
    const value = counts[column];
    return (
      <td>
        {value > 0 ? (
          <button
            type="button"
            className="cell"
            onClick={() => onDrill({ title, query: { ...query, status: DRILL_STATUS[column] } })}
          >
            {value}
          </button>
        ) : (
          value
        )}
      </td>
    );
  };

  return (
    <>
      <h2>{t('reports.tickets')}</h2>
      <p>
        {t('reports.download')}:{' '}
        <a
          href={withQuery('/api/reports/tickets', {
            ...range,
            groupBy: 'month',
            format: 'csv',
            lang: csvLanguage(i18n.language),
          })}
        >
          CSV
        </a>{' '}
        ·{' '}
        <a
          href={withQuery('/api/reports/tickets', {
            ...range,
            groupBy: 'month',
            format: 'xlsx',
            lang: csvLanguage(i18n.language),
          })}
        >
          XLSX
        </a>
      </p>
      {report &&
        [...channels, 'total'].map((channel) => (
          <table
            key={channel}
            className="report-table"
            aria-label={channel === 'total' ? t('reports.total') : channelName(channel)}
          >
            <thead>
              <tr>
                <th scope="col">{channel === 'total' ? t('reports.total') : channelName(channel)}</th>
                {COLUMNS.map((c) => (
                  <th key={c} scope="col">
                    {t(`reports.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.periods.map((p) => {
                const counts = channel === 'total' ? p.total : p.byChannel[channel];
                const query = { ...monthRange(p.period), channel: channel === 'total' ? undefined : channel };
                return (
                  <tr key={p.period}>
                    <th scope="row">{p.label}</th>
                    {COLUMNS.map((c) => (
                      <Fragment key={c}>
                        {cell(
                          counts,
                          c,
                          query,
                          `${channel === 'total' ? t('reports.total') : channelName(channel)} ${p.label}: ${t(`reports.${c}`)}`,
                        )}
                      </Fragment>
                    ))}
                  </tr>
                );
              })}
              <tr className="total">
                <th scope="row">{t('reports.total')}</th>
                {COLUMNS.map((c) => {
                  const counts =
                    channel === 'total' ? report.totals.overall : report.totals.byChannel[channel];
                  return c === 'resolvedPct' ? (
                    <td key={c}>{pct(counts?.resolvedPct)}</td>
                  ) : (
                    <td key={c}>{counts?.[c] ?? 0}</td>
                  );
                })}
              </tr>
            </tbody>
          </table>
        ))}
      <BarChart labels={periodLabels} series={volume} stacked label={t('reports.volume')} />
    </>
  );
}
