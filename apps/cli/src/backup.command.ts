import type { AppConfig } from '@app/config';
import {
  BackupError,
  BackupManifest,
  createBackup,
  ProgressListener,
  restoreBackup,
  RestoreResult,
} from '@app/database/backup';

import { progressBar } from './progress-bar';

export const BACKUP_USAGE = `Uso / usage:
  npm run cli -- backup FILE [--force] [--pg-bin DIR]
      the database (DATABASE_URL: pg_dump; otherwise the embedded engine in DATA_DIR) and the files
      of DATA_DIR into one file; --force overwrites FILE
  npm run cli -- restore FILE [--force] [--pg-bin DIR]
      checks FILE whole, then restores it; a target that holds data needs --force; the help desk
      must be stopped. --pg-bin: the folder of pg_dump/pg_restore/psql (default: the newest installed)`;

interface Parsed {
  file: string;
  force: boolean;
  pgBinDir?: string;
}

function parseArgs(args: string[]): Parsed | null {
  const rest = [...args];
  let force = false;
  let pgBinDir: string | undefined;
  const files: string[] = [];
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (arg === '--force') force = true;
    else if (arg === '--pg-bin') {
      pgBinDir = rest.shift();
      if (!pgBinDir) return null;
    } else if (arg.startsWith('--pg-bin=')) pgBinDir = arg.slice('--pg-bin='.length);
    else if (arg.startsWith('--')) return null;
    else files.push(arg);
  }
  return files.length === 1 ? { file: files[0], force, pgBinDir } : null;
}

const it = (n: number) => n.toLocaleString('it-IT');
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function summary(manifest: BackupManifest): string {
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  const engine = manifest.engine === 'postgresql' ? 'PostgreSQL' : 'PGlite / PostgreSQL';
  return (
    `${it(Object.keys(manifest.tables).length)} tabelle / tables, ${it(rows)} righe / rows, ` +
    `${manifest.files.length} file / files, ${manifest.migrations.length} migrazioni / migrations ` +
    `(${engine} ${manifest.serverVersion})`
  );
}

function printRestore(file: string, result: RestoreResult): void {
  console.log(`Ripristinato / restored: ${file} (${result.manifest.createdAt})`);
  console.log(`  ${summary(result.manifest)}`);
  console.log('  Righe di ogni tabella verificate / every table’s row count checked');
  if (result.replaced)
    console.log('  I dati precedenti sono stati sostituiti / the previous data was replaced');
  if (result.pendingMigrations.length > 0) {
    console.log(
      `  Backup di una versione precedente: ${result.pendingMigrations.length} migrazioni da applicare ` +
        `(npm run migration:run, o l'api all'avvio) / made by an earlier version: ` +
        `${result.pendingMigrations.length} migrations to apply (npm run migration:run, or the api at start)`,
    );
  }
}

/** `backup FILE` and `restore FILE [--force]` (issue 18.8); the work is in @app/database/backup. */
export async function runBackupCommand(
  config: AppConfig,
  command: 'backup' | 'restore',
  args: string[],
): Promise<number> {
  const parsed = parseArgs(args);
  if (!parsed) {
    console.error(BACKUP_USAGE);
    return 2;
  }
  let drawn = false;
  let lastLabel = '';
  // The same test as progressBar's: a bar is drawn only on a terminal (or CLI_PROGRESS=1).
  const visible = process.stderr.isTTY || process.env.CLI_PROGRESS === '1';
  const onProgress: ProgressListener = (done, total, label) => {
    if (!visible) return;
    if (drawn && label !== lastLabel) process.stderr.write('\n');
    drawn = true;
    lastLabel = label;
    progressBar(done, total, label);
  };
  const endBar = () => {
    if (drawn) process.stderr.write('\n');
    drawn = false;
  };
  const options = {
    file: parsed.file,
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    pgBinDir: parsed.pgBinDir,
    onProgress,
  };
  try {
    if (command === 'backup') {
      const result = await createBackup({ ...options, overwrite: parsed.force });
      endBar();
      console.log(`Backup scritto / written: ${result.file} (${mb(result.bytes)})`);
      console.log(`  ${summary(result.manifest)}`);
      return 0;
    }
    const result = await restoreBackup({ ...options, force: parsed.force });
    endBar();
    printRestore(parsed.file, result);
    return 0;
  } catch (error) {
    endBar();
    if (!(error instanceof BackupError)) throw error;
    console.error(error.message);
    return 1;
  }
}
