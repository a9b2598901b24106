import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';

import { loadSecretsKey } from '../secrets-key.util';

const VERSION = 'v1';

/**
 * Encrypts secrets kept in the database (mailbox passwords) with AES-256-GCM under SECRETS_KEY.
 * The embedded default, which has no environment to speak of, keeps a generated key in DATA_DIR
 * (mode 0600) beside the data it protects; with DATABASE_URL the key must come from the environment.
 */
@Injectable()
export class SecretBox {
  private key: Buffer | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyBytes(), iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      VERSION,
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      data.toString('base64'),
    ].join(':');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, data] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('Unreadable sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.keyBytes(), Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }

  private keyBytes(): Buffer {
    this.key ??= loadSecretsKey(this.config);
    if (!this.key)
      throw new Error('SECRETS_KEY is required to store mailbox passwords when DATABASE_URL is set');
    return this.key;
  }
}
