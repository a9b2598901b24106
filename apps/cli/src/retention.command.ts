import type { AppConfig } from '@app/config';

/** `retention:run [--dry-run] [--as-of YYYY-MM-DD]` (issue 18.2). */
export function runRetentionCommand(_config: AppConfig, _args: string[]): Promise<number> {
  console.error('retention:run: not yet available');
  return Promise.resolve(2);
}
