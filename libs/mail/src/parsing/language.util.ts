import type { MailLanguage } from './parsed-mail.types';

/**
 * Frequent function words that do not occur in the other language. Words shared by both ('a', 'in',
 * 'no') are left out so they cannot tip the balance.
 */
const ITALIAN = new Set(
  (
    'il lo la gli le di da del della dello dei degli delle al alla allo ai agli alle dal dalla nel nella ' +
    'nei nelle sul sulla per con tra fra che non è sono essere ho ha hanno un una uno questo questa ' +
    'questi anche ma se più mi ti ci si vi ne sia grazie buongiorno buonasera salve cordiali saluti ' +
    'distinti gentile gentili egregio spett richiesta problema servizio comune ufficio allegato allegata ' +
    'cortesemente vorrei potete può quando dove perché ancora già molto tutto tutti'
  ).split(' '),
);

const ENGLISH = new Set(
  (
    'the and of to is are was were be been you your yours this that these those with for from have has ' +
    'had will would can could should please thanks thank regards dear hello hi best kind we our they ' +
    'their it its not what which who when where why how there here an any all some about into than then'
  ).split(' '),
);

/** Stop-word vote over the first few thousand words; Italian unless English is clearly ahead. */
export function guessLanguage(text: string): MailLanguage {
  let italian = 0;
  let english = 0;
  const words =
    text
      .toLowerCase()
      .slice(0, 20000)
      .match(/[\p{L}']+/gu) ?? [];
  for (const word of words) {
    if (ITALIAN.has(word)) italian++;
    else if (ENGLISH.has(word)) english++;
  }
  return english >= 3 && english > italian * 1.2 ? 'en' : 'it';
}
