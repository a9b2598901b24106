import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { APP_CONFIG, AppConfig } from '@app/config';
import { MetricsService } from '@app/metrics';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

import { MailIngestService } from '../ingest/mail-ingest.service';
import { MailboxRepository } from '../mailboxes/mailbox.repository';
import { SecretBox } from '../mailboxes/secret-box.service';
import { MailboxWatcher } from './mailbox-watcher';

/** How often the list of mailboxes is re-read (new ones start, deactivated ones stop). */
const MAX_RESCAN_MS = 15_000;

/**
 * Runs in worker processes: keeps one watcher per active mailbox. Every worker runs one; the
 * lease in the mailbox row lets exactly one of them ingest each mailbox at a time, and another
 * takes over when that worker dies and its lease lapses.
 */
@Injectable()
export class MailboxSupervisor implements OnApplicationShutdown {
  private readonly logger = new Logger('Mailboxes');
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly watchers = new Map<string, MailboxWatcher>();
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mailboxes: MailboxRepository,
    private readonly secrets: SecretBox,
    private readonly ingest: MailIngestService,
    private readonly metrics: MetricsService,
  ) {}

  start(): void {
    if (this.timer) return;
    const scan = () => {
      this.scanning ??= this.rescan()
        .catch((error) => this.logger.warn(`Mailbox scan failed: ${String(error)}`))
        .finally(() => (this.scanning = null));
    };
    scan();
    this.timer = setInterval(scan, Math.min(MAX_RESCAN_MS, this.config.MAIL_POLL_SECONDS * 1000));
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.scanning;
    await Promise.all([...this.watchers.values()].map((w) => w.stop()));
    this.watchers.clear();
  }

  private async rescan(): Promise<void> {
    const active = new Set(await this.mailboxes.activeIds());
    for (const [id, watcher] of this.watchers) {
      if (!active.has(id)) {
        this.watchers.delete(id);
        await watcher.stop();
      }
    }
    for (const id of active) {
      if (this.watchers.has(id)) continue;
      this.watchers.set(
        id,
        new MailboxWatcher(id, {
          mailboxes: this.mailboxes,
          secrets: this.secrets,
          ingest: this.ingest,
          owner: this.owner,
          pollSeconds: this.config.MAIL_POLL_SECONDS,
          logger: this.logger,
          metrics: this.metrics,
        }),
      );
    }
  }
}
