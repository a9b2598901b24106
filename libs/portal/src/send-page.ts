import type { Response } from 'express';

/**
 * Answers with one of the public pages. They carry a visitor's data (a form's values and token, a
 * citizen's messages, a personal link in the address): never kept by a cache, and the address is
 * never sent on as a referrer when a link on the page is followed.
 */
export function sendPage(res: Response, status: number, html: string): void {
  res
    .status(status)
    .type('html')
    .setHeader('Cache-Control', 'no-store')
    .setHeader('Referrer-Policy', 'no-referrer')
    .send(html);
}

/** The page's language from `?lang=`: anything but "en" is Italian (a public page never answers 400 to a link). */
export const pageLanguage = (lang: unknown): 'it' | 'en' => (lang === 'en' ? 'en' : 'it');
