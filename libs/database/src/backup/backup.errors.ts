/**
 * Why a backup or a restore stopped, in Italian and English. `code` lets the CLI and the tests
 * tell the cases apart; the message is written for the operator who runs the command at night.
 */
export type BackupErrorCode =
  /** The file is truncated, altered or not a backup: nothing was changed. */
  | 'corrupt'
  /** The target holds data and --force was not given. */
  | 'not_empty'
  /** The help desk (or another restore) is using the database. */
  | 'in_use'
  /** The backup was made by a newer version of the help desk (migrations this build does not know). */
  | 'newer_schema'
  /** A PGlite backup into PostgreSQL or the other way round. */
  | 'engine_mismatch'
  /** pg_dump / pg_restore / psql missing, or older than the server. */
  | 'tool'
  /** The backup or restore itself failed (message from the tool); a restore is rolled back. */
  | 'failed'
  /** The output file exists already. */
  | 'file_exists'
  /** The file to restore, or the database to back up, is not there. */
  | 'not_found';

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    readonly italian: string,
    readonly english: string,
  ) {
    super(`${italian}\n${english}`);
    this.name = 'BackupError';
  }
}

/** The sentence every refused restore ends with: the operator's first worry. */
export const NOTHING_CHANGED = {
  it: 'Nulla è stato modificato.',
  en: 'Nothing was changed.',
};

export function corrupt(detailIt: string, detailEn: string): BackupError {
  return new BackupError(
    'corrupt',
    `Il file di backup è incompleto o danneggiato: ${detailIt}. ${NOTHING_CHANGED.it}`,
    `The backup file is incomplete or damaged: ${detailEn}. ${NOTHING_CHANGED.en}`,
  );
}
