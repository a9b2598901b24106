import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { withQuery } from '../api/client';
import { type Drill, useReportYears } from '../api/queries/report.queries';
import { useSession } from '../auth/session';
import { ArrivalsSection } from './ArrivalsSection';
import { BreakdownSection } from './BreakdownSection';
import { CallsSection } from './CallsSection';
import { DrillDown } from './DrillDown';
import { csvLanguage } from './percent';
import { currentYear, Period, periodCount, PeriodKind, periodRange, previousPeriod } from './period';
import { SatisfactionSection } from './SatisfactionSection';
import { SlaSection } from './SlaSection';
import { TeamReportsSection } from './TeamReportsSection';
import { TicketsSection } from './TicketsSection';
import { YearOverYearSection } from './YearOverYearSection';

/** The months (1-12) a period's range covers. */
function monthsOf(range: { from: string; to: string }): number[] {
  const first = Number(range.from.slice(5, 7));
  const last = Number(range.to.slice(5, 7));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** The reports of a period (month, quarter, half, year): tickets, SLA, year over year, arrivals. */
export default function ReportsPage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  // Tags are the staff's own classification: the api gives the report by tag (and the citizens'
  // satisfaction, issue 20.3) to supervisors and admins only.
  const seesTags = me?.role === 'supervisor' || me?.role === 'admin';
  const [kind, setKind] = useState<PeriodKind>('year');
  const [period, setPeriod] = useState<Period>(() => currentYear(new Date()));
  const years = useReportYears();
  // Only the years the help desk holds data of, newest first (the api refuses the others).
  const yearChoices = years.data
    ? Array.from({ length: years.data.last - years.data.first + 1 }, (_, i) => years.data.last - i)
    : [period.year];
  const [drill, setDrill] = useState<Drill | null>(null);
  const { from, to } = periodRange(period);
  const range = { from, to };

  const changeKind = (next: PeriodKind) => {
    setKind(next);
    setPeriod(previousPeriod(next, new Date()));
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
          <select
            aria-label={t('reports.year')}
            value={period.year}
            onChange={(e) => setPeriod({ ...period, year: Number(e.target.value) })}
          >
            {(yearChoices.includes(period.year) ? yearChoices : [period.year, ...yearChoices]).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          {from} → {to}
        </span>
        <a
          className="button"
          href={withQuery('/api/reports/period.pdf', { ...range, lang: csvLanguage(i18n.language) })}
        >
          {t('reports.pdf')}
        </a>
        <a className="button" href={withQuery('/api/reports/outages', { ...range, format: 'pdf' })}>
          {t('reportsX.outageReport')} PDF
        </a>
        <a className="button" href={withQuery('/api/reports/outages', { ...range, format: 'xlsx' })}>
          {t('reportsX.outageReport')} Excel
        </a>
      </fieldset>

      <TicketsSection range={range} onDrill={setDrill} />
      <SlaSection range={range} onDrill={setDrill} />
      <BreakdownSection by="ente" range={range} onDrill={setDrill} />
      <BreakdownSection by="category" range={range} onDrill={setDrill} />
      {seesTags && <BreakdownSection by="tag" range={range} onDrill={setDrill} />}
      <TeamReportsSection range={range} />
      {seesTags && <SatisfactionSection range={range} />}

      {drill && <DrillDown drill={drill} onClose={() => setDrill(null)} />}

      <YearOverYearSection range={range} period={period} />
      <ArrivalsSection range={range} />
      <CallsSection year={period.year} months={monthsOf(range)} />
    </section>
  );
}
