import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { type Drill, useDrillDown } from '../api/queries/report.queries';
import { isStatusName } from '../i18n/keys';
import { ErrorLine } from '../layout/ErrorLine';

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
