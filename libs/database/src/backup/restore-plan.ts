import { BackupError, NOTHING_CHANGED } from './backup.errors';
import { BackupEngine } from './backup-manifest';

/** What the restore would replace: the target database's tables and DATA_DIR's stored files. */
export interface TargetContents {
  /** `schema.table` -> rows; no entry at all for a database just created. */
  tables: Record<string, number>;
  migrations: string[];
  /** Stored files in DATA_DIR (relative paths). */
  files: string[];
}

/**
 * Empty means nothing to lose: no table in any schema (a database just made with CREATE DATABASE,
 * or a DATA_DIR without pgdata) and no stored file. A database that the api has only migrated is
 * not empty: its seeded calendars or first admin may already have been changed by someone.
 */
export function isEmptyTarget(contents: TargetContents): boolean {
  return Object.keys(contents.tables).length === 0 && contents.files.length === 0;
}

const ENGINE_NAME: Record<BackupEngine, { it: string; en: string }> = {
  postgresql: { it: 'PostgreSQL (DATABASE_URL)', en: 'PostgreSQL (DATABASE_URL)' },
  pglite: { it: 'il database integrato (DATA_DIR)', en: 'the embedded database (DATA_DIR)' },
};

/** The engines must match: the two dumps are different things (a logical dump, a data directory). */
export function checkEngine(backup: BackupEngine, target: BackupEngine): void {
  if (backup === target) return;
  throw new BackupError(
    'engine_mismatch',
    `Questo backup è di ${ENGINE_NAME[backup].it}, la destinazione è ${ENGINE_NAME[target].it}: ` +
      `${backup === 'pglite' ? 'togli' : 'imposta'} DATABASE_URL per ripristinarlo. ${NOTHING_CHANGED.it}`,
    `This backup is of ${ENGINE_NAME[backup].en}, the target is ${ENGINE_NAME[target].en}: ` +
      `${backup === 'pglite' ? 'unset' : 'set'} DATABASE_URL to restore it. ${NOTHING_CHANGED.en}`,
  );
}

/**
 * A backup made by an older version is restored as it is and its missing migrations are applied
 * afterwards (the api does at start, or `migration:run`); one made by a newer version is refused:
 * this build's code cannot run on a schema it does not know.
 */
export function pendingMigrations(backup: string[], known: string[]): string[] {
  const knownSet = new Set(known);
  const unknown = backup.filter((name) => !knownSet.has(name));
  if (unknown.length > 0) {
    throw new BackupError(
      'newer_schema',
      `Il backup è stato fatto da una versione più recente del help desk (migrazioni sconosciute: ` +
        `${unknown.join(', ')}): ripristinalo con quella versione. ${NOTHING_CHANGED.it}`,
      `The backup was made by a newer version of the help desk (unknown migrations: ` +
        `${unknown.join(', ')}): restore it with that version. ${NOTHING_CHANGED.en}`,
    );
  }
  const inBackup = new Set(backup);
  return known.filter((name) => !inBackup.has(name));
}

const KEY_TABLES: [string, string, string][] = [
  ['public.ticket', 'ticket', 'tickets'],
  ['public.contact', 'contatti', 'contacts'],
  ['public.app_user', 'utenti', 'users'],
  ['public.attachment', 'allegati', 'attachments'],
  ['public.inbound_mail', 'e-mail ricevute', 'received mails'],
  ['public.outbound_mail', 'e-mail in uscita', 'outbound mails'],
];

/** "1.234 ticket, 56 contatti, ...; 45 tabelle con 9.876 righe, 23 migrazioni (ultima X); 2 file in DATA_DIR". */
export function describeTarget(contents: TargetContents): { it: string; en: string } {
  const it: string[] = [];
  const en: string[] = [];
  const itNum = (n: number) => n.toLocaleString('it-IT');
  const enNum = (n: number) => n.toLocaleString('en-GB');
  const tables = Object.keys(contents.tables).length;
  if (tables > 0) {
    const key = KEY_TABLES.filter(([table]) => table in contents.tables);
    it.push(key.map(([table, word]) => `${itNum(contents.tables[table])} ${word}`).join(', '));
    en.push(key.map(([table, , word]) => `${enNum(contents.tables[table])} ${word}`).join(', '));
    const rows = Object.values(contents.tables).reduce((a, b) => a + b, 0);
    const last = contents.migrations.at(-1);
    it.push(
      `${itNum(tables)} tabelle con ${itNum(rows)} righe in tutto, ${contents.migrations.length} migrazioni` +
        (last ? ` (ultima ${last})` : ''),
    );
    en.push(
      `${enNum(tables)} tables with ${enNum(rows)} rows in all, ${contents.migrations.length} migrations` +
        (last ? ` (last ${last})` : ''),
    );
  }
  if (contents.files.length > 0) {
    const sample = contents.files.slice(0, 3).join(', ') + (contents.files.length > 3 ? ', ...' : '');
    it.push(`${itNum(contents.files.length)} file in DATA_DIR (${sample})`);
    en.push(`${enNum(contents.files.length)} files in DATA_DIR (${sample})`);
  }
  return { it: it.filter(Boolean).join('; '), en: en.filter(Boolean).join('; ') };
}

/** Refuses a target with data unless the operator said --force. */
export function checkTargetEmpty(contents: TargetContents, force: boolean): void {
  if (force || isEmptyTarget(contents)) return;
  const what = describeTarget(contents);
  throw new BackupError(
    'not_empty',
    `La destinazione non è vuota: ${what.it}. Il ripristino la sostituirebbe del tutto: ` +
      `aggiungi --force se è quello che vuoi. ${NOTHING_CHANGED.it}`,
    `The target is not empty: ${what.en}. The restore would replace all of it: ` +
      `add --force if that is what you want. ${NOTHING_CHANGED.en}`,
  );
}

/** The tables whose restored row count differs from the manifest's (missing or extra ones too). */
export function countDifferences(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names
    .filter((name) => expected[name] !== actual[name])
    .map((name) => `${name}: ${actual[name] ?? '-'} / ${expected[name] ?? '-'}`);
}
