import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { type Drill, useDrillDown } from '../api/queries/report.queries';
import { isStatusName } from '../i18n/keys';
import { ErrorLine } from '../layout/ErrorLine';
import { formatDateTime } from '../time/format';

/** SLA.11's late reports: each period, when its report was due, and when it went out (or not). */
function LateReports({ deliveries }: { deliveries: NonNullable<Drill['deliveries']> }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="report-table">
      <caption className="sr-only">{t('reportsX.late.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reportsX.late.period')}</th>
          <th scope="col">{t('reportsX.late.due')}</th>
          <th scope="col">{t('reportsX.late.sent')}</th>
        </tr>
      </thead>
      <tbody>
        {deliveries
          .filter((d) => d.state === 'breached')
          .map((d) => (
            <tr key={d.period}>
              <th scope="row">{d.period}</th>
              <td>{formatDateTime(d.dueAt, i18n.language)}</td>
              <td>{d.sentAt ? formatDateTime(d.sentAt, i18n.language) : t('reportsX.late.notSent')}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

/** The tickets behind a number of the report. */
export function DrillDown({ drill, onClose }: { drill: Drill; onClose(): void }) {
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
      {drill.deliveries && <LateReports deliveries={drill.deliveries} />}
      <ul>
        {(list.data ?? []).map((ticket) => (
          <li key={ticket.id}>
            <Link to={`/tickets/${ticket.id}`}>{ticket.number}</Link> {ticket.subject}{' '}
            {ticket.status && (
              <span className="muted">
                {isStatusName(ticket.status) ? t(`status.${ticket.status}`) : ticket.status}
              </span>
            )}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onClose}>
        {t('common.close')}
      </button>
    </section>
  );
}
