import type { it } from './it';

/**
 * The translation functions take only the keys of the Italian dictionary (the default language;
 * en.ts is typed against it): a misspelt or removed key fails the type-check instead of showing
 * the bare key to the user. Keys built at run time go through explicit unions (see the pages).
 */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof it };
  }
}
