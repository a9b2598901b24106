import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useArrivalsReport } from '../api/queries/report.queries';
import { BarChart } from './BarChart';

/** When tickets arrive, hour by hour, and how many outside office hours. */
export function ArrivalsSection({ range }: { range: { from: string; to: string } }) {
  const { t } = useTranslation();
  const arrivals = useArrivalsReport(range);
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

  return (
    <>
      <h2>{t('reports.arrivals')}</h2>
      <p>{outside !== null && t('reports.outsideHours', { pct: outside.toFixed(1) })}</p>
      <BarChart
        labels={hours.map((h) => String(h.hour).padStart(2, '0'))}
        series={hourSeries}
        label={t('reports.arrivals')}
      />
    </>
  );
}
