import { ChildProcess, execFile, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { startEmbeddedPostgres } from '@app/database';
import { BackupError, createBackup, restoreBackup } from '@app/database/backup';
import { MailIngestService } from '@app/mail';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  csv,
  generateYear,
  requireService,
  TestApp,
  TestDatabase,
} from '@app/testing';
import { TicketImportService } from '@app/tickets';
import { Client } from 'pg';
import request from 'supertest';

const ROOT = join(__dirname, '..');

/** Every table's exact row count, read on its own connection (not with the code under test). */
async function countAll(url: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM public."${name}"`);
      counts[`public.${name}`] = Number(rows[0].n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

/** DATA_DIR's files (path -> content), pgdata and the pid file aside. */
function storedFiles(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (d === dir && (entry.name === 'pgdata' || entry.name === 'helpdesk.pid')) continue;
      if (entry.isDirectory()) walk(path);
      else found[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return found;
}

/** What the trial install keeps beside the database: its key and the mails written to files. */
function writeStoredFiles(dir: string): void {
  mkdirSync(join(dir, 'outbox'), { recursive: true });
  writeFileSync(join(dir, 'secrets.key'), 'ab'.repeat(32), { mode: 0o600 });
  writeFileSync(
    join(dir, 'outbox', '<ack-1@cst.example>.eml'),
    'From: helpdesk@cst.example\r\n\r\nRicevuto.\r\n',
  );
}

function mail(n: number): Buffer {
  const boundary = `b${n}`;
  return Buffer.from(
    [
      `From: Eva Rossi <eva.rossi${n}@example.org>`,
      'To: assistenza@cst.example',
      `Subject: Ricevuta ${n}`,
      `Message-ID: <backup-${n}@example.org>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'In allegato la ricevuta.',
      `--${boundary}`,
      'Content-Type: application/pdf; name="ricevuta.pdf"',
      'Content-Disposition: attachment; filename="ricevuta.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(`%PDF-1.4 ricevuta ${n}`).toString('base64'),
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}

/** The figures a supervisor reads: the ticket table and the SLA table of 2016. */
async function reports(t: TestApp, f: BasicFixtures) {
  const period = { from: '2016-01-01', to: '2016-12-31' };
  const get = async (path: string) => {
    const res = await request(t.http).get(path).query(period).set(authHeaders(f.supervisor));
    expect(res.status).toBe(200);
    // The instant the figures were computed at differs; the figures must not.
    const { asOf: _asOf, ...figures } = res.body as Record<string, unknown>;
    return figures;
  };
  return {
    tickets: await get('/api/reports/tickets'),
    sla: await get('/api/reports/sla'),
    byEnte: await get('/api/reports/tickets/by-ente'),
  };
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['apps/cli/src/main.ts', ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'error', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const postgres = requireService('PostgreSQL (pg_dump / pg_restore)', 'TEST_DATABASE_URL');
const describePostgres = postgres ? describe : describe.skip;

describePostgres('backup and restore on PostgreSQL (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let database: TestDatabase;
  let work: string;
  let dataDir: string;
  let file: string;
  let countsBefore: Record<string, number>;
  let reportsBefore: Awaited<ReturnType<typeof reports>>;
  let filesBefore: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    database = t.database;
    f = await createBasicFixtures(t.dataSource);
    // A fifth of a generated year: tickets in every state with their SLA clocks and timelines.
    const year = generateYear(2016).filter((_, i) => i % 5 === 0);
    const report = await t.app
      .get(TicketImportService, { strict: false })
      .import(csv(year), { dryRun: false });
    expect(report.problems).toEqual([]);
    // Mails with attachments: inbound mails, attachments, tickets, acknowledgements.
    const ingest = t.app.get(MailIngestService);
    for (let n = 1; n <= 3; n += 1) expect((await ingest.ingest(mail(n))).outcome).toBe('ticket_created');
    reportsBefore = await reports(t, f);
    // Stopped, as the restore requires; its database stays.
    await t.app.close();

    work = mkdtempSync(join(tmpdir(), 'backup-e2e-'));
    dataDir = join(work, 'data');
    writeStoredFiles(dataDir);
    filesBefore = storedFiles(dataDir);
    file = join(work, 'helpdesk-2026-12-05.hdb');
    countsBefore = await countAll(database.url);
  });
  afterAll(async () => {
    await database?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('backs up the database and DATA_DIR into one file, with a progress bar and the counts of every table', async () => {
    const progress: [number, number, string][] = [];
    const result = await createBackup({
      file,
      databaseUrl: database.url,
      dataDir,
      onProgress: (done, total, label) => progress.push([done, total, label]),
    });
    expect(result.manifest.engine).toBe('postgresql');
    expect(result.manifest.tables).toEqual(countsBefore);
    expect(countsBefore['public.ticket']).toBeGreaterThan(1000);
    expect(countsBefore['public.attachment']).toBe(3);
    expect(countsBefore['public.inbound_mail']).toBe(3);
    expect(result.manifest.files.map((p) => p.path)).toEqual([
      'outbox/<ack-1@cst.example>.eml',
      'secrets.key',
    ]);
    const tables = Object.keys(countsBefore).length;
    expect(progress.at(-1)).toEqual([tables + 2, tables + 2, 'backup ']);
    expect(progress.length).toBeGreaterThan(tables);
    // Never half a file, never readable by others (personal data, the key).
    expect(readdirSync(work).filter((n) => n.includes('partial'))).toEqual([]);
    await expect(createBackup({ file, databaseUrl: database.url, dataDir })).rejects.toMatchObject({
      code: 'file_exists',
    });
  });

  it('refuses a truncated file with a clear error and changes nothing, even with --force', async () => {
    const whole = readFileSync(file);
    const truncated = join(work, 'truncated.hdb');
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const error = (await restoreBackup({
      file: truncated,
      databaseUrl: database.url,
      dataDir,
      force: true,
    }).catch((e: unknown) => e)) as BackupError;
    expect(error).toBeInstanceOf(BackupError);
    expect(error.code).toBe('corrupt');
    expect(error.italian).toMatch(
      /^Il file di backup è incompleto o danneggiato: .*Nulla è stato modificato\.$/,
    );
    expect(error.english).toMatch(/^The backup file is incomplete or damaged: .*Nothing was changed\.$/);
    expect(await countAll(database.url)).toEqual(countsBefore);
    expect(storedFiles(dataDir)).toEqual(filesBefore);

    // The real CLI: the same message on stderr, a failing exit code.
    const cli = await runCli(['restore', truncated, '--force'], {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
    });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('Il file di backup è incompleto o danneggiato');
    expect(cli.stderr).toContain('The backup file is incomplete or damaged');
    expect(await countAll(database.url)).toEqual(countsBefore);
  });

  it('refuses to restore over data without --force, saying what is there', async () => {
    await expect(restoreBackup({ file, databaseUrl: database.url, dataDir })).rejects.toMatchObject({
      code: 'not_empty',
      english: expect.stringContaining(`${countsBefore['public.ticket'].toLocaleString('en-GB')} tickets`),
    });
    expect(await countAll(database.url)).toEqual(countsBefore);
  });

  it('refuses while the help desk is connected to the database', async () => {
    const helpdesk = new Client({ connectionString: database.url, application_name: 'helpdesk' });
    await helpdesk.connect();
    try {
      await expect(
        restoreBackup({ file, databaseUrl: database.url, dataDir, force: true }),
      ).rejects.toMatchObject({
        code: 'in_use',
      });
    } finally {
      await helpdesk.end();
    }
  });

  it('restores into a wiped database and DATA_DIR: every table and the reports as they were', async () => {
    const name = new URL(database.url).pathname.slice(1);
    await admin(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${name}`);
    rmSync(dataDir, { recursive: true, force: true });
    expect(await countAll(database.url)).toEqual({});

    const result = await restoreBackup({ file, databaseUrl: database.url, dataDir });
    expect(result).toMatchObject({ replaced: false, pendingMigrations: [] });
    expect(await countAll(database.url)).toEqual(countsBefore);
    expect(storedFiles(dataDir)).toEqual(filesBefore);

    const again = await createTestApp({}, database);
    try {
      expect(await reports(again, f)).toEqual(reportsBefore);
    } finally {
      await again.app.close();
    }
  });

  it('with --force replaces what is there, in one transaction with the row-count check', async () => {
    writeFileSync(join(dataDir, 'outbox', 'later.eml'), 'From: x\r\n');
    const result = await restoreBackup({ file, databaseUrl: database.url, dataDir, force: true });
    expect(result.replaced).toBe(true);
    expect(await countAll(database.url)).toEqual(countsBefore);
    expect(storedFiles(dataDir)).toEqual(filesBefore);
  });
});

describe('backup and restore on the embedded engine (e2e)', () => {
  let work: string;
  let dataDir: string;
  let counts: Record<string, number>;
  let sleeper: ChildProcess | undefined;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'backup-embedded-e2e-'));
    dataDir = join(work, 'data');
    // A few tables by hand rather than every migration: the WebAssembly engine runs those for
    // minutes on a loaded machine (test/embedded-engine.e2e-spec.ts does), and the mechanism under
    // test here (the engine's own dump, the pid file, the swap, the counts) does not depend on them.
    const engine = await startEmbeddedPostgres({ dataDir });
    const client = new Client({ connectionString: engine.url });
    await client.connect();
    try {
      await client.query(
        `CREATE TABLE schema_migrations (id serial PRIMARY KEY, timestamp bigint NOT NULL, name varchar NOT NULL)`,
      );
      await client.query(
        `INSERT INTO schema_migrations (timestamp, name) VALUES (1795300000000, 'InitialSchema1795300000000')`,
      );
      await client.query(`CREATE TABLE ente (id serial PRIMARY KEY, name text NOT NULL)`);
      await client.query(`CREATE TABLE attachment (id serial PRIMARY KEY, content bytea NOT NULL)`);
      await client.query(`INSERT INTO ente (name) SELECT 'Comune ' || g FROM generate_series(1, 29) g`);
      await client.query(
        `INSERT INTO attachment (content) SELECT decode(repeat('ab', 5000), 'hex') FROM generate_series(1, 40)`,
      );
      counts = await countAll(engine.url);
    } finally {
      await client.end();
      await engine.stop();
    }
    writeStoredFiles(dataDir);
  }, 180_000);
  afterAll(() => {
    sleeper?.kill();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('backs up, refuses a running engine and a non-empty DATA_DIR, restores a wiped one with its rows and files', async () => {
    const file = join(work, 'trial.hdb');
    const filesBefore = storedFiles(dataDir);

    // `npm start` on this DATA_DIR (another live process holding its pid file): refused.
    sleeper = execFile('sleep', ['60']);
    writeFileSync(join(dataDir, 'helpdesk.pid'), String(sleeper.pid));
    await expect(createBackup({ file, dataDir })).rejects.toMatchObject({ code: 'in_use' });
    sleeper.kill();
    await new Promise((resolve) => sleeper!.once('exit', resolve));

    const backup = await createBackup({ file, dataDir });
    expect(backup.manifest).toMatchObject({ engine: 'pglite', tables: counts });
    expect(counts).toEqual({ 'public.attachment': 40, 'public.ente': 29, 'public.schema_migrations': 1 });

    await expect(restoreBackup({ file, dataDir })).rejects.toMatchObject({ code: 'not_empty' });
    // A PGlite backup is not restored into PostgreSQL (nor the reverse).
    await expect(
      restoreBackup({ file, dataDir, databaseUrl: 'postgres://postgres@127.0.0.1:1/none' }),
    ).rejects.toMatchObject({ code: 'engine_mismatch' });

    rmSync(dataDir, { recursive: true, force: true });
    const restored = await restoreBackup({ file, dataDir });
    // Made before the later migrations: the api applies them at start.
    expect(restored).toMatchObject({ engine: 'pglite', replaced: false });
    expect(restored.pendingMigrations.length).toBeGreaterThan(0);
    expect(storedFiles(dataDir)).toEqual(filesBefore);
    expect(readdirSync(dataDir).sort()).toEqual(['outbox', 'pgdata', 'secrets.key']);

    const engine = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await countAll(engine.url)).toEqual(counts);
    } finally {
      await engine.stop();
    }
    // The WebAssembly engine opens the data directory five times; slow on a loaded machine.
  }, 180_000);
});
