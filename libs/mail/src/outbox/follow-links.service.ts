import { createHmac } from 'node:crypto';

import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { loadSecretsKey } from '../secrets-key.util';
import { mintFollowToken, readFollowToken } from './follow-link.util';
import type { TemplateLanguage } from './mail-templates';
import { publicBaseUrl } from './public-links.util';

/**
 * The citizens' personal follow links (issue 20.2), put in every acknowledgement and answer: signed
 * with a key derived from the installation's (SECRETS_KEY, or the embedded default's own). Without
 * one (DATABASE_URL and no SECRETS_KEY) mails go without a link, and the log says why once.
 */
@Injectable()
export class FollowLinks {
  private readonly log = new Logger('FollowLinks');
  private key: Buffer | null | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The page's address for this ticket, or null when no key is configured. */
  url(ticketId: string, language: TemplateLanguage, now = new Date()): string | null {
    const key = this.signingKey();
    if (!key) return null;
    const token = mintFollowToken(key, ticketId, now);
    return `${publicBaseUrl(this.config)}/richiesta/segui?t=${token}${language === 'en' ? '&lang=en' : ''}`;
  }

  /**
   * The link a mail carries: the ticket's own, or without a key the page where a citizen asks for
   * one with the address and the number.
   */
  forMail(ticketId: string, language: TemplateLanguage, now = new Date()): string {
    return (
      this.url(ticketId, language, now) ??
      `${publicBaseUrl(this.config)}/richiesta/segui${language === 'en' ? '?lang=en' : ''}`
    );
  }

  /** The ticket and issue instant of a genuine token (expiry and revocation are the page's to check). */
  read(token: string): { ticketId: string; issuedAt: Date } | null {
    const key = this.signingKey();
    return key ? readFollowToken(key, token) : null;
  }

  private signingKey(): Buffer | null {
    if (this.key !== undefined) return this.key;
    const base = loadSecretsKey(this.config);
    if (!base) this.log.warn('SECRETS_KEY is not set: mails go without the citizens’ follow links');
    this.key = base && createHmac('sha256', base).update('follow-links').digest();
    return this.key;
  }
}
