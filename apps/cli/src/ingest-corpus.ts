import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { MailCoreModule, MailIngestModule, MailIngestService } from '@app/mail';
import { CoreModule } from '@app/runtime';
import { SlaRegistry } from '@app/sla';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const USAGE = `Uso / usage: npm run ingest:corpus -- DIR [--database-url postgres://...]
Runs every DIR/*.eml through the e-mail ingestion pipeline on a throwaway embedded database
(or the given one) and prints one line per file. Exits 1 if any file crashes the pipeline.`;

@Module({})
class CorpusModule {}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  const urlIndex = args.indexOf('--database-url');
  const databaseUrl = urlIndex >= 0 ? args[urlIndex + 1] : undefined;
  if (!dir || args.includes('--help')) {
    console.log(USAGE);
    process.exitCode = dir ? 0 : 2;
    return;
  }
  const files = readdirSync(resolve(dir))
    .filter((f) => f.endsWith('.eml'))
    .sort();
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
  let crashes = 0;
  try {
    await app.get(SlaRegistry).seedFromConfig();
    const ingest = app.get(MailIngestService);
    console.log(
      ['file', 'outcome', 'kind', 'subject', 'from', 'attachments', 'refused', 'ack', 'flags'].join('\t'),
    );
    for (const file of files) {
      const path = join(resolve(dir), file);
      try {
        const result = await ingest.ingest(readFileSync(path));
        console.log(
          [
            basename(file),
            result.outcome,
            result.kind,
            JSON.stringify(result.subject.slice(0, 80)),
            result.from ?? '-',
            result.attachments,
            result.refusedAttachments,
            result.acknowledged ? 'ack' : '-',
            result.flags.join(',') || '-',
          ].join('\t'),
        );
      } catch (error) {
        crashes += 1;
        console.log(`${basename(file)}\tCRASH\t${error instanceof Error ? error.stack : String(error)}`);
      }
    }
    const size = files.reduce((n, f) => n + statSync(join(resolve(dir), f)).size, 0);
    console.log(`${files.length} files (${Math.round(size / 1024)} KiB), ${crashes} crashes`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (crashes > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
