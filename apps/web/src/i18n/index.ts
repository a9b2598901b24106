import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

import { en } from './en';
import { it } from './it';

const STORAGE_KEY = 'helpdesk.language';
export type Language = 'it' | 'en';

/** Italian unless the user switched to English on this browser. */
export function initialLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'it';
}

void i18n.use(initReactI18next).init({
  resources: { it: { translation: it }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'it',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18n.language;

export function switchLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}

export default i18n;
