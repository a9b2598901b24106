import { escapeHtml } from '@app/common';
import { DateTime } from 'luxon';

/**
 * What the public sees of an outage: services, entes (public bodies), times, state and the public
 * texts. Never who worked on it, who was told, or any ticket: no personal data.
 */
export interface PublicOutage {
  id: string;
  title: string;
  services: string[];
  entes: string[];
  planned: boolean;
  status: 'ongoing' | 'ended' | 'scheduled';
  startedAt: Date;
  endedAt: Date | null;
  publicMessage: string;
  updates: { at: Date; kind: 'entes' | 'users'; message: string }[];
}

const STATUS_WORDS: Record<PublicOutage['status'], string> = {
  ongoing: 'In corso / Ongoing',
  ended: 'Risolta / Resolved',
  scheduled: 'Programmata / Scheduled',
};

export { escapeHtml };

const localTime = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('dd/LL/yyyy HH:mm');

/** One line for each outage's latest public word: its last update, else its public message. */
export function outageSummary(o: PublicOutage, zone: string): string {
  const local = (d: Date) => localTime(d, zone);
  const last = o.updates.at(-1)?.message || o.publicMessage;
  const when = o.endedAt ? `dal ${local(o.startedAt)} al ${local(o.endedAt)}` : `dal ${local(o.startedAt)}`;
  return [
    `${STATUS_WORDS[o.status]}${o.planned ? ' (programmata / planned)' : ''}, ${when}.`,
    o.services.length ? `Servizi / Services: ${o.services.join(', ')}.` : '',
    o.entes.length ? `Enti / Municipalities: ${o.entes.join(', ')}.` : '',
    last,
  ]
    .filter(Boolean)
    .join(' ');
}

export type StatusPageLanguage = 'it' | 'en';

/** The status page's words in each language (the feeds stay bilingual: one entry for everyone). */
const WORDS = {
  it: {
    status: { ongoing: 'In corso', ended: 'Risolta', scheduled: 'Programmata' },
    planned: 'Programmata',
    start: 'Inizio',
    end: 'Fine',
    services: 'Servizi',
    entes: 'Enti',
    allWell: 'Tutti i servizi funzionano regolarmente.',
    current: (n: number) =>
      `${n} interruzion${n === 1 ? 'e' : 'i'} in corso o programmat${n === 1 ? 'a' : 'e'}`,
    currentTitle: 'In corso e programmate',
    recentTitle: 'Risolte di recente',
    none: 'Nessuna',
    updated: 'Aggiornato',
    refresh: 'Aggiorna',
    other: { lang: 'en', href: '/status?lang=en', label: 'English' },
    skip: 'Vai al contenuto',
    privacy: { href: '/privacy', label: 'Informativa privacy' },
  },
  en: {
    status: { ongoing: 'Ongoing', ended: 'Resolved', scheduled: 'Scheduled' },
    planned: 'Planned',
    start: 'Start',
    end: 'End',
    services: 'Services',
    entes: 'Municipalities',
    allWell: 'All services are operating normally.',
    current: (n: number) => `${n} ongoing or scheduled outage${n === 1 ? '' : 's'}`,
    currentTitle: 'Current and scheduled',
    recentTitle: 'Recently resolved',
    none: 'None',
    updated: 'Updated',
    refresh: 'Refresh',
    other: { lang: 'it', href: '/status', label: 'Italiano' },
    skip: 'Skip to content',
    privacy: { href: '/privacy?lang=en', label: 'Privacy notice' },
  },
} as const;

/**
 * The status page: plain HTML, no script (the CSP forbids inline scripts anyway), styles from
 * /status/status.css, in Italian (`/status`) or English (`/status?lang=en`), each linking the
 * other. No timed refresh (WCAG 2.2.1: a page must not reload under its reader): a link reloads
 * it, the Atom and RSS feeds tell subscribers of every change.
 */
export function renderStatusPage(
  title: string,
  outages: readonly PublicOutage[],
  now: Date,
  zone: string,
  language: StatusPageLanguage = 'it',
): string {
  const w = WORDS[language];
  const local = (d: Date) => localTime(d, zone);
  const current = outages.filter((o) => o.status !== 'ended');
  const past = outages.filter((o) => o.status === 'ended');
  const self = language === 'en' ? '/status?lang=en' : '/status';
  const item = (o: PublicOutage) => `
    <article class="outage ${o.status}" id="${o.id}">
      <h3>${escapeHtml(o.title)} <span class="badge">${w.status[o.status]}</span>${o.planned ? ` <span class="badge planned">${w.planned}</span>` : ''}</h3>
      <p class="when">${w.start}: <time datetime="${o.startedAt.toISOString()}">${local(o.startedAt)}</time>${
        o.endedAt
          ? ` &middot; ${w.end}: <time datetime="${o.endedAt.toISOString()}">${local(o.endedAt)}</time>`
          : ''
      }</p>
      ${o.services.length ? `<p>${w.services}: ${escapeHtml(o.services.join(', '))}</p>` : ''}
      ${o.entes.length ? `<p>${w.entes}: ${escapeHtml(o.entes.join(', '))}</p>` : ''}
      ${o.publicMessage ? `<p lang="it">${escapeHtml(o.publicMessage)}</p>` : ''}
      ${
        o.updates.some((u) => u.message)
          ? `<ul class="updates">${o.updates
              .filter((u) => u.message)
              .map(
                (u) =>
                  `<li><time datetime="${u.at.toISOString()}">${local(u.at)}</time> <span lang="it">${escapeHtml(u.message)}</span></li>`,
              )
              .join('')}</ul>`
          : ''
      }
    </article>`;
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/status/status.css">
<link rel="alternate" hreflang="${w.other.lang}" href="${w.other.href}">
<link rel="alternate" type="application/atom+xml" title="Atom" href="/status/feed.atom">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/status/feed.rss">
</head>
<body>
<a class="skip" href="#main">${w.skip}</a>
<header><nav><a href="${w.other.href}" lang="${w.other.lang}" hreflang="${w.other.lang}">${w.other.label}</a></nav></header>
<main id="main">
<h1>${escapeHtml(title)}</h1>
<p class="lead">${
    current.length === 0
      ? `<span class="ok">${w.allWell}</span>`
      : `<span class="ko">${w.current(current.length)}</span>`
  }</p>
<section>
<h2>${w.currentTitle}</h2>
${current.length ? current.map(item).join('') : `<p>${w.none}</p>`}
</section>
<section>
<h2>${w.recentTitle}</h2>
${past.length ? past.map(item).join('') : `<p>${w.none}</p>`}
</section>
<footer>${w.updated} <time datetime="${now.toISOString()}">${local(now)}</time> &middot; <a href="${self}">${w.refresh}</a> &middot; <a href="/status/feed.atom">Atom</a> &middot; <a href="/status/feed.rss">RSS</a> &middot; <a href="${w.privacy.href}">${w.privacy.label}</a></footer>
</main>
</body>
</html>
`;
}

export const STATUS_CSS = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f5f6f8;color:#1d2733}
main{max-width:52rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;color:#1f4e79}
h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d5dc;padding-bottom:.3rem}
.lead .ok{color:#2e7d32;font-weight:600}.lead .ko{color:#b71c1c;font-weight:600}
.outage{background:#fff;border-left:4px solid #b71c1c;padding:.75rem 1rem;margin:.75rem 0;border-radius:4px}
.outage.ended{border-left-color:#2e7d32}.outage.scheduled{border-left-color:#f9a825}
.outage h3{margin:0 0 .4rem;font-size:1.05rem}
.badge{font-size:.75rem;background:#e8ebef;padding:.1rem .4rem;border-radius:3px;font-weight:normal}
.badge.planned{background:#fff3c4}
.when{color:#52606d;font-size:.9rem}
.updates{padding-left:1.2rem;font-size:.95rem}
footer{margin-top:2rem;color:#52606d;font-size:.85rem}
header{max-width:52rem;margin:0 auto;padding:.5rem 1.5rem 0;text-align:right}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.3rem}
a:focus-visible{outline:3px solid #1f4e79;outline-offset:2px}
`;
