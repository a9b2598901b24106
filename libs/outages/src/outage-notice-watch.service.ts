import { Injectable, Logger } from '@nestjs/common';

import { OutageRepository } from './outage.repository';
import { outageClocks } from './outage-clock.util';
import { noticeAlerts } from './outage-notice-alerts.util';
import { OutageSettings } from './outage-settings';

/** The notice clocks last an hour at most; a day back is plenty for a watch that runs every 30 s. */
const LOOK_BACK_MS = 24 * 3_600_000;

/**
 * The worker's watch over the outage notice clocks (SLA.9, SLA.10): tells the supervisors and
 * whoever opened the outage, in the app and by e-mail at once (outages do not wait for office
 * hours), when a notice is due within minutes and when it is late. Each warning once per outage,
 * clock and user (the notification's dedup key), however many workers run the watch.
 */
@Injectable()
export class OutageNoticeWatch {
  private readonly logger = new Logger(OutageNoticeWatch.name);

  constructor(
    private readonly outages: OutageRepository,
    private readonly settings: OutageSettings,
  ) {}

  /** Returns how many notifications it stored. */
  async run(now = new Date()): Promise<number> {
    const rules = this.settings.get().notices;
    const outages = await this.outages.interventionsSince(new Date(now.getTime() - LOOK_BACK_MS));
    if (outages.length === 0) return 0;
    const notices = await this.outages.notices(outages.map((o) => o.id));
    const alerts = outages.flatMap((outage) =>
      noticeAlerts(
        outage.id,
        outageClocks(
          outage,
          notices.filter((n) => n.outageId === outage.id),
          now,
          rules,
        ),
        now,
        rules.warnBeforeMinutes,
      ).map((alert) => ({
        outage_id: outage.id,
        kind: alert.kind,
        dedup_key: alert.dedupKey,
        payload: {
          outageId: outage.id,
          title: outage.title,
          code: alert.code,
          dueAt: alert.dueAt.toISOString(),
        },
      })),
    );
    if (alerts.length === 0) return 0;
    const inserted = await this.outages.insertNoticeWarnings(alerts, now);
    if (inserted > 0) this.logger.log(`Outage notice warnings stored: ${inserted}`);
    return inserted;
  }
}
