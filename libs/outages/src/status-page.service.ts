import { Injectable } from '@nestjs/common';

import { OutageRepository } from './outage.repository';
import { OutageSettings } from './outage-settings';
import { statusFeed } from './status-feed';
import { PublicOutage, renderStatusPage, StatusPageLanguage } from './status-page.util';

/** The public status page and its feeds: outages with a published notice, nothing personal. */
@Injectable()
export class StatusPageService {
  constructor(
    private readonly outages: OutageRepository,
    private readonly settings: OutageSettings,
  ) {}

  async outagesNow(now = new Date()): Promise<PublicOutage[]> {
    const days = this.settings.get().statusPage.days;
    const rows = await this.outages.published(new Date(now.getTime() - days * 86_400_000));
    const notices = await this.outages.notices(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      services: r.services,
      entes: r.entes.map((e) => e.name),
      planned: r.planned,
      status: r.endedAt ? 'ended' : r.startedAt > now ? 'scheduled' : 'ongoing',
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      publicMessage: r.publicMessage,
      updates: notices
        .filter((n) => n.outageId === r.id && n.published)
        .map((n) => ({ at: n.sentAt, kind: n.kind, message: n.message })),
    }));
  }

  async html(language: StatusPageLanguage = 'it', now = new Date()): Promise<string> {
    return renderStatusPage(
      this.settings.get().statusPage.title,
      await this.outagesNow(now),
      now,
      await this.settings.localZone(),
      language,
    );
  }

  async feed(format: 'atom' | 'rss', now = new Date()): Promise<string> {
    return statusFeed(
      format,
      this.settings.get().statusPage.title,
      this.settings.publicUrl(),
      await this.outagesNow(now),
      now,
      await this.settings.localZone(),
    );
  }
}
