import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { escapeHtml, outageSummary, PublicOutage, renderStatusPage } from './status-page.util';

/** The zone of the service centre's calendar (the default policy's), as config/calendars gives it. */
const ZONE = (
  JSON.parse(readFileSync(join(__dirname, '../../../config/calendars/cst.json'), 'utf8')) as {
    timeZone: string;
  }
).timeZone;

const outage = (over: Partial<PublicOutage> = {}): PublicOutage => ({
  id: 'o1',
  title: 'Portale dei servizi non raggiungibile',
  services: ['Portale dei servizi'],
  entes: ['Comune di Pontassieve'],
  planned: false,
  status: 'ongoing',
  startedAt: new Date('2017-03-14T08:50:00Z'),
  endedAt: null,
  publicMessage: '',
  updates: [{ at: new Date('2017-03-14T09:20:00Z'), kind: 'users', message: 'Stiamo intervenendo.' }],
  ...over,
});

describe('status page', () => {
  it('escapes what agents typed, so no markup or script reaches the public page', () => {
    const html = renderStatusPage(
      'Stato dei servizi',
      [outage({ title: '<script>alert(1)</script>', publicMessage: '"a" & \'b\'' })],
      new Date('2017-03-14T10:00:00Z'),
      ZONE,
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;a&quot; &amp; &#39;b&#39;');
    expect(escapeHtml('<>&"\'')).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('shows local (Rome) times, current outages first, and says so when all is well', () => {
    const html = renderStatusPage(
      'Stato',
      [
        outage(),
        outage({ id: 'o2', title: 'Posta', status: 'ended', endedAt: new Date('2017-03-13T10:00:00Z') }),
      ],
      new Date('2017-03-14T10:00:00Z'),
      ZONE,
    );
    expect(html).toContain('14/03/2017 09:50');
    expect(html.indexOf('Portale dei servizi non')).toBeLessThan(html.indexOf('Posta'));
    expect(html).toContain('1 interruzione in corso');
    expect(renderStatusPage('Stato', [], new Date(), ZONE)).toContain(
      'Tutti i servizi funzionano regolarmente',
    );
  });

  it('is one language per page: Italian by default, English at ?lang=en, each linking the other', () => {
    const now = new Date('2017-03-14T10:00:00Z');
    const it = renderStatusPage('Stato dei servizi', [outage()], now, ZONE);
    expect(it).toContain('<html lang="it">');
    expect(it).toContain('1 interruzione in corso o programmata');
    expect(it).toContain('Enti: Comune di Pontassieve');
    expect(it).toContain('<a href="/status?lang=en" lang="en" hreflang="en">English</a>');
    expect(it).not.toMatch(/Ongoing|Services|Municipalities|Entes|All services/);
    const en = renderStatusPage('Stato dei servizi', [outage()], now, ZONE, 'en');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('1 ongoing or scheduled outage');
    expect(en).toContain('Municipalities: Comune di Pontassieve');
    expect(en).toContain('<a href="/status" lang="it" hreflang="it">Italiano</a>');
    expect(en).not.toMatch(/In corso|Servizi:|Enti:|Entes/);
    expect(renderStatusPage('Stato', [], now, ZONE, 'en')).toContain('All services are operating normally.');
  });

  it('summarises an outage for the feed with its latest public word', () => {
    expect(outageSummary(outage(), ZONE)).toBe(
      'In corso / Ongoing, dal 14/03/2017 09:50. Servizi / Services: Portale dei servizi. Enti / Municipalities: Comune di Pontassieve. Stiamo intervenendo.',
    );
  });
});
