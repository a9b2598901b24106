import type { AppConfig } from '@app/config';

import type { TemplateLanguage } from './mail-templates';

/** The address citizens reach the help desk's public pages at (PUBLIC_URL, else the listening address). */
export function publicBaseUrl(config: Pick<AppConfig, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  return (config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/$/, '');
}

/** The privacy notice (GDPR art. 13) in the mail's language: /privacy, or /privacy?lang=en. */
export function privacyNoticeUrl(
  config: Pick<AppConfig, 'PUBLIC_URL' | 'HOST' | 'PORT'>,
  language: TemplateLanguage,
): string {
  return `${publicBaseUrl(config)}/privacy${language === 'en' ? '?lang=en' : ''}`;
}
