import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { useYearOverYearReport } from '../api/queries/report.queries';
import { BarChart } from './BarChart';
import type { Period } from './period';

/** The period against the same months of the year before, all channels summed. */
export function YearOverYearSection({
  range,
  period,
}: {
  range: { from: string; to: string };
  period: Period;
}) {
  const { t } = useTranslation();
  const yoy = useYearOverYearReport(range);
  const { from, to } = range;
  const previousYear = { from: `${period.year - 1}${from.slice(4)}`, to: `${period.year - 1}${to.slice(4)}` };
  const yoySeries = useMemo(() => {
    if (!yoy.data) return { labels: [] as string[], series: [] };
    // The api's own total of the channels, period by period: the chart shows its figures.
    const total = yoy.data.total;
    return {
      labels: total.map((r) => r.label.split(' / ')[0]),
      series: [
        { label: String(period.year), data: total.map((r) => r.current), color: '#0b4f8a' },
        { label: String(period.year - 1), data: total.map((r) => r.previous), color: '#9aa5b1' },
      ],
    };
  }, [yoy.data, period.year]);

  return (
    <>
      <h2>{t('reports.yoy')}</h2>
      <p className="muted">
        {previousYear.from} → {previousYear.to}
      </p>
      <BarChart labels={yoySeries.labels} series={yoySeries.series} label={t('reports.yoy')} />
    </>
  );
}
