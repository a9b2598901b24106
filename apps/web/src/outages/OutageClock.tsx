import { useTranslation } from 'react-i18next';

import type { OutageClock as Clock } from '../api/types';
import { Countdown } from '../queue/Countdown';
import { formatDateTime } from '../time/format';

/**
 * The api gives outage clocks no warning instant: the countdown turns amber in the last
 * 10 minutes before the notice is due, as the queue's clocks do past their warning.
 */
const WARN_MS = 10 * 60_000;

const TONE = { not_applicable: 'none', waiting: 'none', running: 'ok', met: 'ok', breached: 'breached' };

/**
 * One notice clock (SLA.9 or SLA.10) with its state in words: not applicable (and why), waiting
 * for the intervention, running (counting down live, with the due instant), met or breached.
 */
export function OutageClock({
  clock,
  planned,
  ended,
}: {
  clock: Clock;
  planned: boolean;
  /** While the outage lasts, SLA.10 may still come to apply. */
  ended: boolean;
}) {
  const { t, i18n } = useTranslation();
  const at = (iso: string | null) => formatDateTime(iso, i18n.language);
  const reason =
    clock.state === 'not_applicable'
      ? clock.kind === 'entes' && planned
        ? t('outages.clock.plannedReason')
        : ended
          ? t('outages.clock.shortReason')
          : t('outages.clock.shortSoFar')
      : null;
  return (
    <div
      className={`outage-clock state-${clock.state}`}
      data-clock={clock.code}
      title={t(`outages.clockTitle.${clock.kind}`)}
    >
      <span className="clock-code">{clock.code}</span>{' '}
      <span className={`clock clock-${TONE[clock.state]}`}>{t(`outages.clock.${clock.state}`)}</span>
      {reason && <span className="muted small"> ({reason})</span>}
      {clock.undelivered && <span className="small error"> ({t('reportsX.undelivered')})</span>}
      {clock.state === 'running' && clock.dueAt && (
        <>
          {' '}
          <Countdown
            clock={{
              code: '',
              dueAt: clock.dueAt,
              warnAt: new Date(Date.parse(clock.dueAt) - WARN_MS).toISOString(),
              state: 'running',
            }}
          />
        </>
      )}
      {clock.dueAt && <div className="muted small">{t('outages.clock.due', { at: at(clock.dueAt) })}</div>}
      {clock.sentAt && <div className="muted small">{t('outages.clock.sent', { at: at(clock.sentAt) })}</div>}
    </div>
  );
}
