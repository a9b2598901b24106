import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { AppConfig } from '@app/config';

/**
 * The installation's own key: SECRETS_KEY (32 bytes as hex or base64), or, for the embedded
 * default, which has no environment to speak of, a generated key kept in DATA_DIR (mode 0600)
 * beside the data it protects. Null with DATABASE_URL and no SECRETS_KEY.
 */
export function loadSecretsKey(
  config: Pick<AppConfig, 'SECRETS_KEY' | 'DATA_DIR' | 'embeddedDatabase'>,
): Buffer | null {
  const configured = config.SECRETS_KEY;
  if (configured) return Buffer.from(configured, /^[0-9a-fA-F]{64}$/.test(configured) ? 'hex' : 'base64');
  if (!config.embeddedDatabase) return null;
  const dir = resolve(config.DATA_DIR);
  const file = join(dir, 'secrets.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process of this installation wrote it first: read theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}
