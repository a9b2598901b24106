import { useTranslation } from 'react-i18next';

import { switchLanguage } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'it' : 'en';
  return (
    <button
      type="button"
      className="link"
      lang={next}
      aria-label={t('nav.languageLabel')}
      onClick={() => switchLanguage(next)}
    >
      {t('nav.language')}
    </button>
  );
}
