import 'reflect-metadata';

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { loadConfig } from '@app/config';
import { MailCoreModule, MailIngestModule, MailIngestService } from '@app/mail';
import { CoreModule } from '@app/runtime';
import { SlaRegistry } from '@app/sla';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';

import { type CorpusLine, corpusSummary } from './corpus-summary';

const USAGE = `Uso / usage: npm run ingest:corpus -- DIR [--database-url postgres://...]
Runs every .eml file of DIR (and of its subfolders) through the e-mail ingestion pipeline (the
batch path of the IMAP watcher, 50 mails per transaction) on a throwaway embedded database (or the
given one), prints one line per file and a summary by outcome and kind. Exits 1 if any file
crashes the pipeline.`;

/** What the IMAP watcher fetches and ingests per transaction (mailbox-watcher.ts FETCH_CHUNK). */
const CHUNK = 50;

type IngestResult = Awaited<ReturnType<MailIngestService['ingest']>>;

@Module({})
class CorpusModule {}

/** DIR's .eml files, those of its subfolders too, as paths relative to DIR, sorted. */
function emlFiles(root: string, sub = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(root, sub), { withFileTypes: true })) {
    const path = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...emlFiles(root, path));
    else if (entry.isFile() && entry.name.endsWith('.eml')) found.push(path);
  }
  return found.sort();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--database-url');
  const urlIndex = args.indexOf('--database-url');
  const databaseUrl = urlIndex >= 0 ? args[urlIndex + 1] : undefined;
  if (!dir || args.includes('--help')) {
    console.log(USAGE);
    process.exitCode = dir ? 0 : 2;
    return;
  }
  const root = resolve(dir);
  const files = emlFiles(root);
  // A corpus run never touches real data: without a URL it gets its own embedded database.
  const dataDir = mkdtempSync(join(tmpdir(), 'helpdesk-corpus-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    SEED_DEMO: 'false',
    LOG_LEVEL: 'error',
    MAIL_ACK_LIMIT_PER_HOUR: '1000',
  });
  const app = await NestFactory.createApplicationContext(
    {
      module: CorpusModule,
      imports: [CoreModule.forRoot({ config, runMigrations: true }), MailCoreModule, MailIngestModule],
    },
    { logger: ['error'] },
  );
  const lines: CorpusLine[] = [];
  const fileOfInbound = new Map<string, string>();
  let crashes = 0;
  let caught = 0;
  // When stdout is a terminal, a progress line there (a redirected stdout stays one line per file).
  const progress = process.stdout.isTTY
    ? (done: number) => process.stdout.write(`\r${done}/${files.length} mails ingested`)
    : () => undefined;
  const clearProgress = () => {
    if (process.stdout.isTTY) process.stdout.write('\r\x1b[K');
  };
  try {
    await app.get(SlaRegistry).seedFromConfig();
    const ingest = app.get(MailIngestService);
    console.log(
      ['file', 'outcome', 'kind', 'subject', 'from', 'attachments', 'refused', 'ack', 'flags'].join('\t'),
    );
    const report = (file: string, result: IngestResult) => {
      clearProgress();
      const duplicateOf =
        result.outcome === 'duplicate' ? (fileOfInbound.get(result.inboundId ?? '') ?? null) : null;
      if (result.inboundId && result.outcome !== 'duplicate') fileOfInbound.set(result.inboundId, file);
      lines.push({
        file,
        outcome: result.outcome,
        kind: result.kind,
        from: result.from,
        acknowledged: result.acknowledged,
        duplicateOf,
      });
      console.log(
        [
          file,
          result.outcome,
          result.kind,
          JSON.stringify(result.subject.slice(0, 80)),
          result.from ?? '-',
          result.attachments,
          result.refusedAttachments,
          result.acknowledged ? 'ack' : '-',
          [
            ...result.flags,
            ...(result.outcome === 'duplicate' ? [`duplicate-of:${duplicateOf ?? '?'}`] : []),
          ].join(',') || '-',
        ].join('\t'),
      );
    };
    const crash = (file: string, error: unknown) => {
      clearProgress();
      crashes += 1;
      console.log(`${file}\tCRASH\t${error instanceof Error ? error.stack : String(error)}`);
    };
    // A mail the pipeline quarantined because processing threw is a crash it caught, not a verdict
    // on the mail: it counts as one (a database deadlock once quarantined every ticket, unseen).
    const caughtCrash = (file: string, result: IngestResult) => {
      if (result.outcome !== 'quarantined' || !/processing error/.test(result.reason)) return;
      clearProgress();
      caught += 1;
      console.log(`${file}\tCRASH (caught)\t${result.reason}`);
    };
    for (let i = 0; i < files.length; i += CHUNK) {
      const chunk = files.slice(i, i + CHUNK);
      const raws = chunk.map((f) => readFileSync(join(root, f)));
      try {
        const results = await ingest.ingestBatch(
          raws.map((raw) => ({ raw })),
          null,
        );
        results.forEach((result, j) => {
          report(chunk[j], result);
          caughtCrash(chunk[j], result);
        });
      } catch {
        // The batch as a whole failed (the pipeline keeps single failures inside it): one mail at a
        // time, to name the file that crashes it.
        for (const [j, file] of chunk.entries()) {
          try {
            const result = await ingest.ingest(raws[j]);
            report(file, result);
            caughtCrash(file, result);
          } catch (error) {
            crash(file, error);
          }
        }
      }
      progress(Math.min(i + CHUNK, files.length));
    }
    clearProgress();
    const kib = Math.round(files.reduce((n, f) => n + statSync(join(root, f)).size, 0) / 1024);
    const acks: { to: string }[] = await app
      .get(DataSource)
      .query(`SELECT to_addresses[1] AS "to" FROM outbound_mail WHERE kind = 'ack'`);
    for (const line of corpusSummary(
      lines,
      crashes,
      kib,
      acks.map((a) => a.to),
      caught,
    ))
      console.log(line);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (crashes + caught > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
