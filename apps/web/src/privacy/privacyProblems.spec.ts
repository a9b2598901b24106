import { createInstance } from 'i18next';

import { privacyEn, privacyIt } from '../i18n/parts/privacy';
import { workspaceEn, workspaceIt } from '../i18n/parts/workspace';
import { privacyProblemText } from './privacyProblems';

describe('a refused privacy field said in the user’s language', () => {
  const cases = [
    {
      name: 'a privacy rule’s code, with its figures',
      problem: { field: 'definition.retention.rawMail.days', code: 'belowMinimum', params: { min: 30 } },
      it: 'sotto il minimo di legge di 30 giorni',
      en: 'below the legal minimum of 30 days',
    },
    {
      name: 'a shared validator’s code',
      problem: { field: 'email', code: 'isEmail', reason: 'email must be an email' },
      it: 'indirizzo e-mail non valido',
      en: 'not a valid e-mail address',
    },
    {
      name: 'no code: the half of the api’s bilingual reason in the UI’s language',
      problem: {
        field: 'definition.retention.rawMail.days',
        reason: 'sotto il minimo di legge di 30 giorni / below the legal minimum of 30 days',
      },
      it: 'sotto il minimo di legge di 30 giorni',
      en: 'below the legal minimum of 30 days',
    },
    {
      name: 'a reason in English only never reaches an Italian user',
      problem: { field: 'definition.runAt', code: 'somethingNew', reason: 'must be a time' },
      it: 'valore non valido',
      en: 'not valid',
    },
  ];

  it.each(cases)('$name', async ({ problem, it: italian, en: english }) => {
    for (const [lng, expected] of [
      ['it', italian],
      ['en', english],
    ] as const) {
      const i18n = createInstance();
      await i18n.init({
        lng,
        resources: {
          it: { translation: { privacyX: privacyIt, workspaceX: workspaceIt } },
          en: { translation: { privacyX: privacyEn, workspaceX: workspaceEn } },
        },
        interpolation: { escapeValue: false },
      });
      expect(privacyProblemText(i18n.t, lng, problem)).toBe(expected);
    }
  });
});
