import { createInstance, type TFunction } from 'i18next';

import { privacyEn, privacyIt } from '../i18n/parts/privacy';
import { summaryLines } from './retentionSummary';

async function translator(lng: 'it' | 'en'): Promise<TFunction> {
  const i18n = createInstance();
  await i18n.init({
    lng,
    resources: {
      it: { translation: { privacyX: privacyIt } },
      en: { translation: { privacyX: privacyEn } },
    },
    interpolation: { escapeValue: false },
  });
  return i18n.t;
}

describe('a retention run’s counts in plain words', () => {
  const cases: {
    name: string;
    lng: 'it' | 'en';
    summary: Record<string, Record<string, number>>;
    dryRun: boolean;
    lines: [string, string][];
  }[] = [
    {
      name: 'a preview: what would be deleted or anonymised, singular and plural',
      lng: 'it',
      dryRun: true,
      summary: {
        rawMail: { tickets: 12, unlinkedMails: 1 },
        messageBodies: { tickets: 1, unlinkedCalls: 3 },
        contactDetails: { contacts: 2 },
      },
      lines: [
        ['rawMail', 'da cancellare: 12 ticket, 1 e-mail non collegata a un ticket'],
        ['messageBodies', 'da rendere anonimi: 1 ticket, 3 telefonate senza ticket'],
        ['contactDetails', 'da rendere anonimi: 2 contatti'],
      ],
    },
    {
      name: 'a run: what was done; zero counts left out, a class with nothing says so',
      lng: 'it',
      dryRun: false,
      summary: {
        outboundMail: { mails: 0 },
        auditLog: { entries: 40 },
        sessions: { sessions: 1, loginFailures: 0, oidcLogins: 2, idempotencyKeys: 0 },
      },
      lines: [
        ['outboundMail', 'niente'],
        ['auditLog', 'cancellati: 40 voci del registro'],
        ['sessions', 'cancellati: 1 sessione, 2 accessi con l’account dell’ente in sospeso'],
      ],
    },
    {
      name: 'a kind of record the UI does not know is counted as other items, never by its key',
      lng: 'it',
      dryRun: false,
      summary: { messageBodies: { tickets: 2, newThings: 3, moreThings: 1 } },
      lines: [['messageBodies', 'resi anonimi: 2 ticket, 4 altri elementi']],
    },
    {
      name: 'in English, in the classes’ order whatever the api’s',
      lng: 'en',
      dryRun: true,
      summary: { sessions: { sessions: 2 }, rawMail: { tickets: 1 } },
      lines: [
        ['rawMail', 'to delete: 1 ticket'],
        ['sessions', 'to delete: 2 sessions'],
      ],
    },
  ];

  it.each(cases)('$name', async ({ lng, summary, dryRun, lines }) => {
    const t = await translator(lng);
    expect(summaryLines(t, summary, dryRun).map((l) => [l.dataClass, l.text])).toEqual(lines);
  });
});
