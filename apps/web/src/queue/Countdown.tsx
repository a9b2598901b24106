import { useMemo } from 'react';

const MARK = '\u0001';
import { useTranslation } from 'react-i18next';

import type { NextClock } from '../api/types';
import { clockTone, formatDuration } from '../time/countdown';
import { useLiveFigure } from '../time/now';

/** The nearest SLA clock of a row, ticking every second: green, amber at risk, red breached. */
export function Countdown({ clock }: { clock: NextClock | null }) {
  const { t, i18n } = useTranslation();
  const dayUnit = i18n.language === 'en' ? 'd' : 'g';
  const dueAt = clock?.dueAt;
  const warnAt = clock?.warnAt ?? null;
  const state = clock?.state;
  const render = useMemo(() => {
    // Translated once per render, not per tick: the tick only fills in the time.
    const [breachedPre, breachedPost] = t('clock.breached', { time: MARK }).split(MARK);
    const [remainingPre, remainingPost] = t('clock.remaining', { time: MARK }).split(MARK);
    const atRisk = ` (${t('clock.atRisk')})`;
    const none = t('clock.none');
    const due = dueAt ? Date.parse(dueAt) : 0;
    return (now: number) => {
      if (!dueAt || !state) return { text: none, tone: 'none' };
      const tone = clockTone({ dueAt, warnAt, state }, now);
      const time = formatDuration(due - now, dayUnit);
      if (tone === 'breached') return { text: breachedPre + time + breachedPost, tone };
      return { text: remainingPre + time + remainingPost + (tone === 'risk' ? atRisk : ''), tone };
    };
  }, [dueAt, warnAt, state, dayUnit, t]);
  const ref = useLiveFigure<HTMLSpanElement>(render);
  if (!clock) return <span className="clock clock-none">{t('clock.none')}</span>;
  return (
    <span className="countdown">
      <span className="clock-code">{clock.code}</span> <span ref={ref} className="clock" role="timer" />
    </span>
  );
}
