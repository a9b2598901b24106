import { useTranslation } from 'react-i18next';

import { switchLanguage } from '../i18n';

/**
 * The language switch shows the other language's name in that language ("English"); its name for
 * a screen reader says what it does first, in the current language, then the same visible word
 * (WCAG 2.5.3: the visible text is part of the name), each part read in its own language.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'it' : 'en';
  return (
    <button type="button" className="link" onClick={() => switchLanguage(next)}>
      <span className="sr-only">{t('nav.languageLabel')}: </span>
      <span lang={next}>{t('nav.language')}</span>
    </button>
  );
}
