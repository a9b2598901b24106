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
