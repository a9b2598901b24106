import type { Feed as FeedClass } from 'feed';

import { escapeHtml, outageSummary, PublicOutage } from './status-page.util';

/**
 * `feed` is published as an ES module only, and TypeScript's CommonJS output would turn a plain
 * import() into require(); a Function keeps it a real dynamic import (Node, and Jest with
 * --experimental-vm-modules). The nonce in its source keeps V8 from reusing a compilation made
 * in another (Jest) context, whose module loader may be gone.
 */
const importEsm = new Function(
  'specifier',
  `return import(specifier); // ${process.pid}-${Date.now()}-${Math.random()}`,
) as (specifier: string) => Promise<{ Feed: typeof FeedClass }>;
let loaded: Promise<{ Feed: typeof FeedClass }> | undefined;

/**
 * The status page's outages as an Atom or RSS feed: one entry per outage, updated with it.
 * `feed` writes item titles and descriptions as `type="html"` (CDATA) and readers render them
 * as HTML, so outage titles and notices, typed by staff and mail, are HTML-escaped first.
 */
export async function statusFeed(
  format: 'atom' | 'rss',
  title: string,
  baseUrl: string,
  outages: readonly PublicOutage[],
  now: Date,
  zone: string,
): Promise<string> {
  const { Feed } = await (loaded ??= importEsm('feed'));
  const page = `${baseUrl}/status`;
  const updatedOf = (o: PublicOutage) =>
    new Date(
      Math.max(o.startedAt.getTime(), o.endedAt?.getTime() ?? 0, ...o.updates.map((u) => u.at.getTime())),
    );
  const feed = new Feed({
    title,
    description: 'Interruzioni dei servizi e avvisi / Service interruptions and notices',
    id: page,
    link: page,
    language: 'it',
    copyright: 'Centro Servizi Tecnologico',
    updated: outages.length ? new Date(Math.max(...outages.map((o) => updatedOf(o).getTime()))) : now,
    feedLinks: { atom: `${page}/feed.atom`, rss: `${page}/feed.rss` },
  });
  for (const o of outages) {
    feed.addItem({
      title: escapeHtml(
        `${o.title} (${o.status === 'ended' ? 'risolta / resolved' : o.status === 'scheduled' ? 'programmata / scheduled' : 'in corso / ongoing'})`,
      ),
      id: `${page}#${o.id}`,
      link: `${page}#${o.id}`,
      date: updatedOf(o),
      published: o.startedAt,
      description: escapeHtml(outageSummary(o, zone)),
    });
  }
  return format === 'atom' ? feed.atom1() : feed.rss2();
}
