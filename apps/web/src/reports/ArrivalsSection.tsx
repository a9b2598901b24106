import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { useArrivalsReport } from '../api/queries/report.queries';
import { BarChart } from './BarChart';

/** When tickets arrive, hour by hour, and how many outside office hours. */
export function ArrivalsSection({ range }: { range: { from: string; to: string } }) {
  const { t, i18n } = useTranslation();
  const arrivals = useArrivalsReport(range);
  const hours = useMemo(() => arrivals.data?.hours ?? [], [arrivals.data]);
  const hourSeries = useMemo(
    () => [{ label: t('reports.arrivals'), data: hours.map((h) => h.tickets), color: '#0b4f8a' }],
    [hours, t],
  );
  // The api's share (office hours 08-18 are its rule), one decimal as it rounds it.
  const outside = arrivals.data?.outsideOfficeHoursPct ?? null;

  return (
    <>
      <h2>{t('reports.arrivals')}</h2>
      <p>
        {outside !== null &&
          t('reports.outsideHours', {
            pct: outside.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'it-IT', {
              minimumFractionDigits: 1,
              maximumFractionDigits: 1,
            }),
          })}
      </p>
      <BarChart
        labels={hours.map((h) => String(h.hour).padStart(2, '0'))}
        series={hourSeries}
        label={t('reports.arrivals')}
      />
    </>
  );
}
