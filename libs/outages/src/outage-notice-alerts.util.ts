import { OutageClock } from './outage-clock.util';

/**
 * Which warnings the staff get about an outage's notice clocks (SLA.9 to the entes' offices,
 * SLA.10 to users): "due soon" once a running clock is within `warnBeforeMinutes` of its due
 * instant, "breached" once it passed it without a notice. Each has a key that makes it once per
 * outage and clock, however often the watch runs.
 */
export type NoticeAlertKind = 'outage_notice_due' | 'outage_notice_breached';

export interface NoticeAlert {
  kind: NoticeAlertKind;
  code: OutageClock['code'];
  dueAt: Date;
  dedupKey: string;
}

export function noticeAlerts(
  outageId: string,
  clocks: readonly OutageClock[],
  now: Date,
  warnBeforeMinutes: number,
): NoticeAlert[] {
  const alerts: NoticeAlert[] = [];
  for (const clock of clocks) {
    if (!clock.dueAt || clock.sentAt) continue;
    if (clock.state === 'breached') {
      alerts.push({
        kind: 'outage_notice_breached',
        code: clock.code,
        dueAt: clock.dueAt,
        dedupKey: `outage-breach:${outageId}:${clock.code}`,
      });
    } else if (
      clock.state === 'running' &&
      clock.dueAt.getTime() - now.getTime() <= warnBeforeMinutes * 60_000
    ) {
      alerts.push({
        kind: 'outage_notice_due',
        code: clock.code,
        dueAt: clock.dueAt,
        dedupKey: `outage-due:${outageId}:${clock.code}`,
      });
    }
  }
  return alerts;
}
