import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { withQuery } from '../api/client';
import {
  type Counts,
  type Drill,
  useArrivalsReport,
  useDrillDown,
  useSlaReport,
  useTicketReport,
  useYearOverYearReport,
} from '../api/queries/report.queries';
import { BarChart } from './BarChart';
import { Period, PeriodKind, periodCount, periodRange, previousPeriod } from './period';
import { ErrorLine } from '../layout/ErrorLine';
import { LOCAL_TIME_ZONE } from '../time/zone';

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

export default function ReportsPage() {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<PeriodKind>('quarter');
  const [period, setPeriod] = useState<Period>(() => previousPeriod('quarter', new Date()));
  const [drill, setDrill] = useState<Drill | null>(null);
  const { from, to } = periodRange(period);
  const range = { from, to };
  const previousYear = { from: `${period.year - 1}${from.slice(4)}`, to: `${period.year - 1}${to.slice(4)}` };

  const tickets = useTicketReport(range);
  const sla = useSlaReport(range);
  const yoy = useYearOverYearReport(range);
  const arrivals = useArrivalsReport(range);

  const changeKind = (next: PeriodKind) => {
    setKind(next);
    setPeriod(previousPeriod(next, new Date()));
  };
  const pct = (n: number | null | undefined) =>
    n === null || n === undefined
      ? '—'
      : `${n.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'it-IT', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;

  const report = tickets.data;
  const channels = report?.channels ?? [];
  const volume = useMemo(
    () =>
      report
        ? channels.map((c) => ({
            label: t(`channel.${c}`),
            data: report.periods.map((p) => p.byChannel[c]?.handled ?? 0),
            color: CHANNEL_COLORS[c] ?? '#555',
          }))
        : [],
    [report, channels, t],
  );
  const periodLabels = useMemo(() => report?.periods.map((p) => p.label) ?? [], [report]);
  const yoySeries = useMemo(() => {
    if (!yoy.data) return { labels: [] as string[], series: [] };
    const rows = Object.values(yoy.data.byChannel);
    const labels = rows[0]?.map((r) => r.label.split(' / ')[0]) ?? [];
    const sum = (key: 'current' | 'previous') =>
      labels.map((_, i) => rows.reduce((acc, r) => acc + (r[i]?.[key] ?? 0), 0));
    return {
      labels,
      series: [
        { label: String(period.year), data: sum('current'), color: '#0b4f8a' },
        { label: String(period.year - 1), data: sum('previous'), color: '#9aa5b1' },
      ],
    };
  }, [yoy.data, period.year]);
  const slaRows = sla.data?.rows ?? [];
  const compliance = useMemo(
    () => [
      { label: t('reports.compliance'), data: slaRows.map((r) => r.compliancePct ?? null), color: '#2e7d32' },
    ],
    [slaRows, t],
  );
  const hours = useMemo(() => arrivals.data?.hours ?? [], [arrivals.data]);
  const hourSeries = useMemo(
    () => [{ label: t('reports.arrivals'), data: hours.map((h) => h.tickets), color: '#0b4f8a' }],
    [hours, t],
  );
  const outside = useMemo(() => {
    const total = hours.reduce((a, h) => a + h.tickets, 0);
    const out = hours.filter((h) => h.hour < 8 || h.hour >= 18).reduce((a, h) => a + h.tickets, 0);
    return total ? (out / total) * 100 : null;
  }, [hours]);

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
            onClick={() => setDrill({ title, query: { ...query, status: DRILL_STATUS[column] } })}
          >
            {value}
          </button>
        ) : (
          value
        )}
      </td>
    );
  };

  const monthRange = (label: string) => {
    const [y, m] = label.split('-').map(Number);
    return {
      receivedFrom: localMidnight(y, m, 1),
      receivedTo: localMidnight(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1),
    };
  };

  return (
    <section aria-labelledby="reports-title" className="reports">
      <h1 id="reports-title">{t('reports.title')}</h1>
      <fieldset className="filters">
        <legend className="sr-only">{t('reports.period')}</legend>
        <label>
          {t('reports.period')}
          <select
            aria-label={t('reports.period')}
            value={kind}
            onChange={(e) => changeKind(e.target.value as PeriodKind)}
          >
            {(['month', 'quarter', 'half', 'year'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`reports.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {kind !== 'year' && (
          <label>
            <span className="sr-only">{t(`reports.${kind}`)}</span>
            <select
              aria-label={t(`reports.${kind}`)}
              value={period.index}
              onChange={(e) => setPeriod({ ...period, index: Number(e.target.value) })}
            >
              {Array.from({ length: periodCount(kind) }, (_, i) => i + 1).map((i) => (
                <option key={i} value={i}>
                  {kind === 'month'
                    ? new Date(2000, i - 1, 1).toLocaleString(i18n.language, { month: 'long' })
                    : `${i}`}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span className="sr-only">{t('reports.year')}</span>
          <input
            aria-label={t('reports.year')}
            type="number"
            min={2000}
            max={2100}
            value={period.year}
            onChange={(e) => setPeriod({ ...period, year: Number(e.target.value) || period.year })}
          />
        </label>
        <span className="muted">
          {from} → {to}
        </span>
        <a className="button" href={withQuery('/api/reports/period.pdf', range)}>
          {t('reports.pdf')}
        </a>
      </fieldset>

      <h2>{t('reports.tickets')}</h2>
      <p>
        {t('reports.download')}:{' '}
        <a href={withQuery('/api/reports/tickets', { ...range, groupBy: 'month', format: 'csv' })}>CSV</a> ·{' '}
        <a href={withQuery('/api/reports/tickets', { ...range, groupBy: 'month', format: 'xlsx' })}>XLSX</a>
      </p>
      {report &&
        [...channels, 'total'].map((channel) => (
          <table
            key={channel}
            className="report-table"
            aria-label={channel === 'total' ? t('reports.total') : t(`channel.${channel}`)}
          >
            <thead>
              <tr>
                <th scope="col">{channel === 'total' ? t('reports.total') : t(`channel.${channel}`)}</th>
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
                          `${channel === 'total' ? t('reports.total') : t(`channel.${channel}`)} ${p.label}: ${t(`reports.${c}`)}`,
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

      <h2>{t('reports.sla')}</h2>
      <p>
        {t('reports.download')}: <a href={withQuery('/api/reports/sla', { ...range, format: 'csv' })}>CSV</a>{' '}
        · <a href={withQuery('/api/reports/sla', { ...range, format: 'xlsx' })}>XLSX</a>
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
              <td className="left">{r.title}</td>
              <td className="left">{r.target}</td>
              <td>{r.measured ?? pct(r.compliancePct)}</td>
              <td className="left">
                {r.breached ? (
                  <button
                    type="button"
                    className="cell"
                    onClick={() =>
                      setDrill({
                        title: `${r.code}: ${t('reports.breaches')}`,
                        query: {},
                        breaches: { ...range, code: r.code },
                      })
                    }
                  >
                    {r.deviation}
                  </button>
                ) : (
                  r.deviation
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

      {drill && <DrillDown drill={drill} onClose={() => setDrill(null)} />}

      <h2>{t('reports.yoy')}</h2>
      <p className="muted">
        {previousYear.from} → {previousYear.to}
      </p>
      <BarChart labels={yoySeries.labels} series={yoySeries.series} label={t('reports.yoy')} />

      <h2>{t('reports.arrivals')}</h2>
      <p>{outside !== null && t('reports.outsideHours', { pct: outside.toFixed(1) })}</p>
      <BarChart
        labels={hours.map((h) => String(h.hour).padStart(2, '0'))}
        series={hourSeries}
        label={t('reports.arrivals')}
      />
    </section>
  );
}

/** Local midnight of a calendar day, as an instant: the reports count by local months. */
function localMidnight(year: number, month: number, day: number): string {
  const hour = new Intl.DateTimeFormat('en-GB', {
    timeZone: LOCAL_TIME_ZONE,
    hour: '2-digit',
    hourCycle: 'h23',
  });
  for (const offsetHours of [1, 2]) {
    const instant = Date.UTC(year, month - 1, day) - offsetHours * 3_600_000;
    if (hour.format(instant) === '00') return new Date(instant).toISOString();
  }
  return new Date(Date.UTC(year, month - 1, day)).toISOString();
}

/** The tickets behind a number of the report. */
function DrillDown({ drill, onClose }: { drill: Drill; onClose(): void }) {
  const { t } = useTranslation();
  const list = useDrillDown(drill);
  // The list opens below the charts, far out of sight: brought into view, its title focused so
  // that keyboard and screen-reader users land on it too (issue 16.11).
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    title.current?.focus({ preventScroll: true });
    title.current?.closest('section')?.scrollIntoView({ block: 'start' });
  }, [drill]);
  return (
    <section className="panel drill" aria-labelledby="drill-title">
      <h3 id="drill-title" ref={title} tabIndex={-1}>
        {drill.title}
      </h3>
      <ErrorLine error={list.error} />
      <ul>
        {(list.data ?? []).map((ticket) => (
          <li key={ticket.id}>
            <Link to={`/tickets/${ticket.id}`}>{ticket.number}</Link> {ticket.subject}{' '}
            {ticket.status && <span className="muted">{t(`status.${ticket.status}`)}</span>}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onClose}>
        {t('common.close')}
      </button>
    </section>
  );
}
