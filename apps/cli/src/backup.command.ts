import type { AppConfig } from '@app/config';

/** `backup FILE` and `restore FILE [--force]` (issue 18.8). */
export function runBackupCommand(
  _config: AppConfig,
  _command: 'backup' | 'restore',
  _args: string[],
): Promise<number> {
  console.error('backup/restore: not yet available');
  return Promise.resolve(2);
}
