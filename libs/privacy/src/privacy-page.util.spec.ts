import { humanDays, renderPrivacyPage } from './privacy-page.util';
import type { PrivacyPolicyDefinition } from './privacy-policy.types';
import { privacyRegister } from './privacy-register';

describe('humanDays', () => {
  it.each([
    [365, 'it', '1 anno'],
    [1825, 'it', '5 anni'],
    [730, 'en', '2 years'],
    [365, 'en', '1 year'],
    [90, 'it', '3 mesi'],
    [30, 'it', '1 mese'],
    [60, 'en', '2 months'],
    [45, 'it', '45 giorni'],
    [1, 'it', '1 giorno'],
    [1, 'en', '1 day'],
    [400, 'en', '400 days'],
  ] as const)('%d days in %s: %s', (days, lang, expected) => {
    expect(humanDays(days, lang)).toBe(expected);
  });
});

const rule = { days: 365, minimumDays: 30 };
const definition: PrivacyPolicyDefinition = {
  controller: {
    name: 'Consorzio <Test> & C.',
    address: 'Via "Roma" 1',
    email: 'privacy@example.it',
    dpoEmail: 'rpd@example.it',
  },
  retention: {
    rawMail: rule,
    messageBodies: rule,
    contactDetails: rule,
    outboundMail: rule,
    auditLog: rule,
    sessions: { days: 90, minimumDays: 1 },
  },
  runAt: '02:30',
  // Stored as jsonb, which gives the keys back sorted: English first.
  purposes: [{ en: 'Support', it: 'Assistenza' }],
  recipients: [],
  processors: [{ name: 'Relay', role: { en: 'Sending', it: 'Invio' } }],
  notice: { it: 'Primo paragrafo <b>.\n\nSecondo paragrafo.', en: 'First paragraph.' },
};

describe('renderPrivacyPage', () => {
  it('escapes the policy’s texts and splits the notice into paragraphs', () => {
    const html = renderPrivacyPage({ version: 3, definition }, 'it');
    expect(html).toContain('<html lang="it">');
    expect(html).toContain('<p>Primo paragrafo &lt;b&gt;.</p>\n<p>Secondo paragrafo.</p>');
    expect(html).toContain('Consorzio &lt;Test&gt; &amp; C.');
    expect(html).toContain('Via &quot;Roma&quot; 1');
    expect(html).toContain('<a href="mailto:rpd@example.it">rpd@example.it</a>');
    expect(html).toContain('1 anno dalla chiusura del ticket');
    expect(html).toContain('3 mesi dalla fine della sessione');
    expect(html).toContain('Versione 3');
    expect(html).not.toContain('<script');
  });

  it('speaks English with ?lang=en and links back to the Italian page', () => {
    const html = renderPrivacyPage({ version: 3, definition }, 'en');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Privacy notice</h1>');
    expect(html).toContain('<a href="/privacy" lang="it" hreflang="it">Italiano</a>');
    expect(html).toContain('1 year after the ticket is resolved');
    expect(html).not.toContain('Primo paragrafo');
  });
});

describe('privacyRegister', () => {
  it('puts Italian first whatever the stored order, and takes each class’s period from the policy', () => {
    const register = privacyRegister(
      { version: 2, definition, createdAt: new Date('2026-01-01T00:00:00Z') },
      { confirmHours: 36 },
    );
    expect(Object.keys(register.purposes[0])).toEqual(['it', 'en']);
    expect(Object.keys(register.processors[0].role)).toEqual(['it', 'en']);
    expect(register.dpo).toEqual({ email: 'rpd@example.it' });
    expect(register.dataClasses.find((c) => c.code === 'sessions')).toMatchObject({
      retentionDays: 90,
      minimumDays: 1,
    });
    // The public form's held requests, with the installation's confirmation window.
    expect(register.otherData.map((o) => o.code)).toEqual(['publicRequests', 'publicFormCounters']);
    expect(register.otherData[0]!.retention.it).toContain('cancellate 36 ore dopo l’invio');
  });
});
