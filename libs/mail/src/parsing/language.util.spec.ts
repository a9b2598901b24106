import { guessLanguage } from './language.util';

describe('guessLanguage', () => {
  it.each([
    ['Buongiorno, non riesco ad accedere al portale dei servizi del comune. Grazie, cordiali saluti', 'it'],
    ['Gentili, la pratica è bloccata da ieri: potete verificare?', 'it'],
    ['Hello, I cannot access the portal since yesterday. Could you please check? Thanks and regards', 'en'],
    ['The service is down and we have no access to the forms.', 'en'],
    ['ok', 'it'],
    ['', 'it'],
    ['Test headers', 'it'],
    ['测试', 'it'],
  ])('%j -> %s', (text, expected) => {
    expect(guessLanguage(text)).toBe(expected);
  });
});
