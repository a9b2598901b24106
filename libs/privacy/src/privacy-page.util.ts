import { escapeHtml } from '@app/common';

import type { PrivacyPolicyRow } from './privacy-policy.repository';
import { DATA_CLASS_DESCRIPTIONS, DATA_CLASSES } from './privacy-policy.types';

export type PrivacyPageLanguage = 'it' | 'en';

/** A retention period as people say it: 365 -> "1 anno", 1825 -> "5 anni", 90 -> "3 mesi", 45 -> "45 giorni". */
export function humanDays(days: number, lang: PrivacyPageLanguage): string {
  const it = lang === 'it';
  if (days % 365 === 0) {
    const n = days / 365;
    return it ? `${n} ${n === 1 ? 'anno' : 'anni'}` : `${n} year${n === 1 ? '' : 's'}`;
  }
  if (days % 30 === 0) {
    const n = days / 30;
    return it ? `${n} ${n === 1 ? 'mese' : 'mesi'}` : `${n} month${n === 1 ? '' : 's'}`;
  }
  return it ? `${days} ${days === 1 ? 'giorno' : 'giorni'}` : `${days} day${days === 1 ? '' : 's'}`;
}

const WORDS = {
  it: {
    title: 'Informativa sul trattamento dei dati personali',
    skip: 'Vai al contenuto',
    other: { lang: 'en', href: '/privacy?lang=en', label: 'English' },
    controller: 'Titolare del trattamento',
    dpo: 'Responsabile della protezione dei dati',
    purposes: 'Finalità',
    retention: 'Per quanto tempo conserviamo i dati',
    recipients: 'Chi vede i dati',
    processors: 'Fornitori che trattano i dati per nostro conto',
    rights: 'I suoi diritti',
    rightsText:
      'Può chiedere di accedere ai suoi dati e di riceverne copia, di correggerli, di cancellarli o di limitarne il trattamento, e può opporsi al trattamento (artt. 15-21 GDPR), scrivendo a',
    complaint:
      'Ha inoltre il diritto di proporre reclamo al Garante per la protezione dei dati personali (www.garanteprivacy.it).',
    version: (v: number) => `Versione ${v} della politica di conservazione.`,
    status: 'Stato dei servizi',
  },
  en: {
    title: 'Privacy notice',
    skip: 'Skip to content',
    other: { lang: 'it', href: '/privacy', label: 'Italiano' },
    controller: 'Data controller',
    dpo: 'Data Protection Officer',
    purposes: 'Purposes',
    retention: 'How long we keep the data',
    recipients: 'Who sees the data',
    processors: 'Providers processing the data on our behalf',
    rights: 'Your rights',
    rightsText:
      'You may ask to access your data and receive a copy, to correct them, to erase them or to restrict their processing, and you may object to the processing (GDPR art. 15-21), by writing to',
    complaint:
      'You also have the right to lodge a complaint with the Italian Data Protection Authority, the Garante per la protezione dei dati personali (www.garanteprivacy.it).',
    version: (v: number) => `Version ${v} of the retention policy.`,
    status: 'Service status',
  },
} as const;

const mailto = (address: string) => `<a href="mailto:${escapeHtml(address)}">${escapeHtml(address)}</a>`;

/**
 * The public privacy notice (GDPR art. 13), from the policy in force: plain HTML, no script, the
 * status page's stylesheet, in Italian (/privacy) or English (/privacy?lang=en), each linking
 * the other; a skip link and one heading per part, for screen readers.
 */
export function renderPrivacyPage(
  policy: Pick<PrivacyPolicyRow, 'version' | 'definition'>,
  lang: PrivacyPageLanguage = 'it',
): string {
  const w = WORDS[lang];
  const d = policy.definition;
  const paragraphs = d.notice[lang]
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim())}</p>`)
    .join('\n');
  const list = (items: string[]) => `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
  const retention = DATA_CLASSES.map((cls) => {
    const c = DATA_CLASS_DESCRIPTIONS[cls];
    return `${escapeHtml(c[lang])}: ${humanDays(d.retention[cls].days, lang)} ${escapeHtml(c.from[lang])}`;
  });
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${w.title}</title>
<link rel="stylesheet" href="/status/status.css">
<link rel="alternate" hreflang="${w.other.lang}" href="${w.other.href}">
</head>
<body>
<a class="skip" href="#main">${w.skip}</a>
<header><nav><a href="${w.other.href}" lang="${w.other.lang}" hreflang="${w.other.lang}">${w.other.label}</a></nav></header>
<main id="main">
<h1>${w.title}</h1>
${paragraphs}
<section>
<h2>${w.controller}</h2>
<p>${escapeHtml(d.controller.name)}<br>${escapeHtml(d.controller.address)}<br>${mailto(d.controller.email)}</p>
<h2>${w.dpo}</h2>
<p>${mailto(d.controller.dpoEmail)}</p>
</section>
<section>
<h2>${w.purposes}</h2>
${list(d.purposes.map((p) => escapeHtml(p[lang])))}
</section>
<section>
<h2>${w.retention}</h2>
${list(retention)}
</section>
<section>
<h2>${w.recipients}</h2>
${list(d.recipients.map((r) => escapeHtml(r[lang])))}
${d.processors.length ? `<h3>${w.processors}</h3>\n${list(d.processors.map((p) => `${escapeHtml(p.name)}: ${escapeHtml(p.role[lang])}`))}` : ''}
</section>
<section>
<h2>${w.rights}</h2>
<p>${w.rightsText} ${mailto(d.controller.email)}.</p>
<p>${w.complaint}</p>
</section>
<footer>${w.version(policy.version)} &middot; <a href="${lang === 'en' ? '/status?lang=en' : '/status'}">${w.status}</a></footer>
</main>
</body>
</html>
`;
}
