import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';

import { BackupError, NOTHING_CHANGED } from './backup.errors';

const execFileAsync = promisify(execFile);

/** pg_dump, pg_restore and psql of one PostgreSQL release (Debian's postgresql-client-NN). */
export interface PgTools {
  pgDump: string;
  pgRestore: string;
  psql: string;
  major: number;
  /** `pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)` */
  version: string;
}

/** The major release in `pg_dump (PostgreSQL) 15.20 ...`, `... 9.6.24`; NaN when there is none. */
export function toolMajor(versionLine: string): number {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(versionLine);
  if (!match) return NaN;
  const major = Number(match[1]);
  return major < 10 && match[2] !== undefined ? Number(`${major}.${match[2]}`) : major;
}

/**
 * The binaries to try, newest first: an explicit folder only, else Debian's side-by-side
 * releases (/usr/lib/postgresql/NN/bin) and then whatever PATH has. A newer pg_dump reads any
 * older server; an older one refuses a newer server, so the newest installed is the one to use.
 */
function candidateDirs(binDir?: string): (string | null)[] {
  if (binDir) return [binDir];
  const root = '/usr/lib/postgresql';
  const debian = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+(\.\d+)?$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
        .map((name) => join(root, name, 'bin'))
    : [];
  return [...debian, null];
}

async function versionOf(binary: string): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync(binary, ['--version']);
    return stdout.trim();
  } catch {
    return null;
  }
}

/** The newest pg_dump/pg_restore/psql found, refused with what to install when older than `serverMajor`. */
export async function findPgTools(serverMajor: number, binDir?: string): Promise<PgTools> {
  const found: PgTools[] = [];
  for (const dir of candidateDirs(binDir)) {
    const path = (name: string) => (dir ? join(dir, name) : name);
    const version = await versionOf(path('pg_dump'));
    if (!version) continue;
    const major = toolMajor(version);
    if (!Number.isFinite(major)) continue;
    if (!(await versionOf(path('pg_restore'))) || !(await versionOf(path('psql')))) continue;
    found.push({
      pgDump: path('pg_dump'),
      pgRestore: path('pg_restore'),
      psql: path('psql'),
      major,
      version,
    });
  }
  found.sort((a, b) => b.major - a.major);
  const best = found[0];
  if (!best) {
    throw new BackupError(
      'tool',
      `pg_dump, pg_restore e psql non trovati${binDir ? ` in ${binDir}` : ''}: installa il client di ` +
        `PostgreSQL ${serverMajor} (Debian: apt-get install postgresql-client-${serverMajor}) o indica ` +
        `la cartella con --pg-bin. ${NOTHING_CHANGED.it}`,
      `pg_dump, pg_restore and psql not found${binDir ? ` in ${binDir}` : ''}: install the PostgreSQL ` +
        `${serverMajor} client (Debian: apt-get install postgresql-client-${serverMajor}) or give its ` +
        `folder with --pg-bin. ${NOTHING_CHANGED.en}`,
    );
  }
  if (best.major < serverMajor) {
    throw new BackupError(
      'tool',
      `${best.pgDump} è della versione ${best.major}, il server è PostgreSQL ${serverMajor}: installa ` +
        `postgresql-client-${serverMajor} (o più recente) o indica la cartella con --pg-bin. ${NOTHING_CHANGED.it}`,
      `${best.pgDump} is version ${best.major}, the server is PostgreSQL ${serverMajor}: install ` +
        `postgresql-client-${serverMajor} (or newer) or give its folder with --pg-bin. ${NOTHING_CHANGED.en}`,
    );
  }
  return best;
}

/**
 * The app's DATABASE_URL as libpq takes it: the password moves to PGPASSWORD (never on a command
 * line, where `ps` shows it) and node-postgres's own `ssl=` parameter becomes libpq's `sslmode`.
 */
export function libpqConnection(url: string): { dbname: string; env: Record<string, string> } {
  const parsed = new URL(url);
  const env: Record<string, string> = {};
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  parsed.password = '';
  const ssl = parsed.searchParams.get('ssl');
  if (ssl !== null) {
    parsed.searchParams.delete('ssl');
    if (!parsed.searchParams.has('sslmode') && ssl !== 'false' && ssl !== '0') {
      parsed.searchParams.set('sslmode', 'require');
    }
  }
  if (parsed.searchParams.get('sslmode') === 'no-verify') parsed.searchParams.set('sslmode', 'require');
  return { dbname: parsed.toString(), env };
}

/** The last lines a tool wrote that are not its --verbose chatter: what to show when it fails. */
export class StderrTail {
  private lines: string[] = [];
  private partial = '';

  constructor(
    private readonly onLine: (line: string) => void = () => undefined,
    private readonly isChatter: (line: string) => boolean = () => false,
  ) {}

  attach(child: ChildProcess): void {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      const parts = (this.partial + text).split('\n');
      this.partial = parts.pop() ?? '';
      for (const line of parts) this.push(line);
    });
  }

  text(): string {
    if (this.partial) this.push(this.partial);
    this.partial = '';
    return this.lines.join('\n');
  }

  private push(line: string): void {
    this.onLine(line);
    if (line.trim() === '' || this.isChatter(line)) return;
    this.lines.push(line);
    if (this.lines.length > 20) this.lines.shift();
  }
}

/** Resolves with the exit code; a binary that cannot start rejects. */
export function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export interface DumpProcess {
  stdout: Readable;
  done: Promise<void>;
  /** Stops pg_dump when the file cannot take its output (disk full): it would wait on the pipe. */
  kill(): void;
}

/**
 * `pg_dump -Fc` inside the snapshot the caller holds open; `onTable` for each table whose rows it
 * starts writing (the progress bar). The output streams into the backup file.
 */
export function startPgDump(tools: PgTools, url: string, snapshot: string, onTable: () => void): DumpProcess {
  const { dbname, env } = libpqConnection(url);
  const child = spawn(
    tools.pgDump,
    ['--format=custom', '--verbose', '--no-password', `--snapshot=${snapshot}`, `--dbname=${dbname}`],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stderr = new StderrTail(
    (line) => line.includes('dumping contents of table') && onTable(),
    (line) => /^pg_dump: (?!error|warning|detail|hint)/i.test(line),
  );
  stderr.attach(child);
  const done = exitCode(child).then((code) => {
    if (code !== 0) {
      throw new BackupError(
        'failed',
        `pg_dump non è riuscito (codice ${code}):\n${stderr.text()}`,
        `pg_dump failed (exit code ${code}):\n${stderr.text()}`,
      );
    }
  });
  return { stdout: child.stdout!, done, kill: () => child.kill('SIGTERM') };
}

/**
 * Feeds `pg_restore`'s script to psql in a single transaction, between `before` (the wipe) and
 * `after` (the row-count check): any error, in the dump or the check, rolls all of it back.
 */
export async function runPgRestore(
  tools: PgTools,
  url: string,
  dump: Readable,
  before: string,
  after: string,
  onTable: () => void,
): Promise<void> {
  const { dbname, env } = libpqConnection(url);
  const childEnv = { ...process.env, ...env };
  const restore = spawn(tools.pgRestore, ['--no-owner', '--no-privileges', '--verbose', '--file=-'], {
    env: childEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const psql = spawn(
    tools.psql,
    [
      '--no-psqlrc',
      '--quiet',
      '--no-password',
      '--set=ON_ERROR_STOP=1',
      '--single-transaction',
      '--output=/dev/null',
      '--file=-',
      `--dbname=${dbname}`,
    ],
    { env: childEnv, stdio: ['pipe', 'ignore', 'pipe'] },
  );
  const restoreErr = new StderrTail(
    (line) => line.includes('processing data for table') && onTable(),
    (line) => /^pg_restore: (?!error|warning|detail|hint)/i.test(line),
  );
  const psqlErr = new StderrTail();
  restoreErr.attach(restore);
  psqlErr.attach(psql);
  const restoreExit = exitCode(restore);
  const psqlExit = exitCode(psql);
  // A tool that dies closes its pipe: the writes on the other side must not throw EPIPE.
  restore.stdin!.on('error', () => undefined);
  psql.stdin!.on('error', () => undefined);
  dump.on('error', (error) => restore.stdin!.destroy(error));
  dump.pipe(restore.stdin!);
  psql.stdin!.write(before);
  restore.stdout!.pipe(psql.stdin!, { end: false });
  const [restoreCode] = await Promise.all([
    restoreExit,
    new Promise<void>((resolve) => restore.stdout!.once('end', resolve)),
  ]);
  if (restoreCode === 0) psql.stdin!.end(after);
  else psql.kill('SIGTERM');
  const psqlCode = await psqlExit;
  if (restoreCode !== 0 || psqlCode !== 0) {
    const detail = [restoreErr.text(), psqlErr.text()].filter(Boolean).join('\n');
    throw new BackupError(
      'failed',
      `Ripristino non riuscito e annullato (pg_restore ${restoreCode}, psql ${psqlCode}): il database ` +
        `è com'era prima.\n${detail}`,
      `Restore failed and rolled back (pg_restore ${restoreCode}, psql ${psqlCode}): the database is ` +
        `as it was before.\n${detail}`,
    );
  }
}
