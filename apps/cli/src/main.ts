import 'reflect-metadata';
import 'dotenv/config';

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { AppConfig, loadConfig } from '@app/config';
import { createDataSource, runMigrationsLocked, startEmbeddedPostgres } from '@app/database';
import {
  MonitoringEventsModule,
  MonitoringService,
  NagiosEvent,
  parseNagiosLog,
  statusFromLog,
} from '@app/monitoring';
import { CoreModule, ENTITIES } from '@app/runtime';
import { SlaCoreModule, SlaRegistry } from '@app/sla';
import { ImportReport, TicketImportModule, TicketImportService } from '@app/tickets';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { runBackupCommand } from './backup.command';
import { progressBar } from './progress-bar';
import { RETENTION_USAGE, runRetentionCommand } from './retention.command';

const USAGE = `Uso / usage: npm run cli -- <command>
  migration:run                 apply pending migrations
  migration:revert              undo the last applied migration
  migration:show                list migrations and whether they are applied
  migration:generate <Name>     write migrations/<timestamp>-<name>.ts from the entity/schema difference
  import:tickets <FILE.csv> [--dry-run]
  import:nagios-log <FILE>... [--no-reconcile]
                                load Nagios logs (alerts, downtimes, flapping, acknowledgements;
                                UTF-8 or Latin-1), idempotent; then reconcile open problems with
                                the state at the end of the logs (--no-reconcile: history only)
                                import the ticket history of the previous system (columns: number,
                                channel, received_at, ente, requester_name, requester_email,
                                requester_phone, subject, status, taken_in_charge_at,
                                first_answered_at, resolved_at, difficulty, redirected_to); rows
                                already imported are skipped; any bad row: nothing is imported, each
                                problem is listed and the exit code is 1. --dry-run checks the file
                                and lists the entes it would create, writing nothing
${RETENTION_USAGE}
  backup FILE [--force] [--pg-bin DIR]
                                the database and DATA_DIR's files into one checked file
  restore FILE [--force] [--pg-bin DIR]
                                check FILE whole, then restore it (the help desk stopped;
                                a target that holds data needs --force)`;

/**
 * Objects the migrations create by hand because TypeORM cannot map them portably (generated
 * tsvector columns for full-text search and their indexes); the diff must not propose dropping them.
 */
const HAND_MANAGED = [/"search"/, /_search_idx"/, /"typeorm_metadata"/];

function isHandManaged(query: string): boolean {
  return HAND_MANAGED.some((pattern) => pattern.test(query));
}

interface LoggedQuery {
  query: string;
  parameters?: unknown[];
}

function migrationSource(className: string, up: LoggedQuery[], down: LoggedQuery[]): string {
  const lines = (queries: LoggedQuery[]) =>
    queries
      .map(({ query, parameters }) =>
        parameters?.length
          ? `    await queryRunner.query(${JSON.stringify(query)}, ${JSON.stringify(parameters)});`
          : `    await queryRunner.query(${JSON.stringify(query)});`,
      )
      .join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

@Module({})
class TicketImportCliModule {}

function printImportReport(report: ImportReport): void {
  if (report.problems.length > 0) {
    for (const p of report.problems) console.log(`line ${p.line}, column ${p.column || '-'}: ${p.reason}`);
    console.log(
      `${report.problems.length} problemi in ${report.total} righe: nulla importato / ` +
        `${report.problems.length} problems in ${report.total} rows: nothing imported`,
    );
    return;
  }
  const would = report.dryRun ? ' (simulazione / dry run)' : '';
  console.log(`Enti creati / created entes${would}: ${report.createdEntes.length}`);
  for (const name of report.createdEntes) console.log(`  ${name}`);
  console.log(`Già presenti, saltati / already there, skipped: ${report.skippedExisting}`);
  console.log(
    report.dryRun
      ? `Da importare / would import: ${report.imported} (nulla scritto / nothing written)`
      : `Importati / imported: ${report.imported}`,
  );
}

/**
 * The history import runs in a Nest context (database, SLA registry) rather than on the bare
 * DataSource of the migration commands: the service plans SLA clocks with the seeded policy.
 */
async function importTickets(config: AppConfig, args: string[]): Promise<number> {
  const file = args.find((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--dry-run');
  if (!file || unknown.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const text = readFileSync(resolve(file), 'utf8');
  const app = await NestFactory.createApplicationContext(
    {
      module: TicketImportCliModule,
      imports: [CoreModule.forRoot({ config, runMigrations: false }), SlaCoreModule, TicketImportModule],
    },
    { logger: ['error', 'warn'] },
  );
  try {
    await app.get(SlaRegistry).seedFromConfig();
    let drawn = false;
    const report = await app.get(TicketImportService).import(text, {
      dryRun: args.includes('--dry-run'),
      onProgress: (done, total) => {
        drawn = true;
        progressBar(done, total);
      },
    });
    if (drawn) process.stderr.write('\n');
    printImportReport(report);
    return report.problems.length > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
}

@Module({})
class NagiosImportCliModule {}

async function importNagiosLog(config: AppConfig, args: string[]): Promise<number> {
  const files = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--no-reconcile');
  if (files.length === 0 || unknown.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const app = await NestFactory.createApplicationContext(
    {
      module: NagiosImportCliModule,
      imports: [CoreModule.forRoot({ config, runMigrations: false }), MonitoringEventsModule],
    },
    { logger: ['error', 'warn'] },
  );
  try {
    const monitoring = app.get(MonitoringService);
    const all: NagiosEvent[] = [];
    for (const file of files) {
      const parsed = parseNagiosLog(readFileSync(resolve(file)));
      const { stored, duplicates } = await monitoring.recordHistory(parsed.events);
      all.push(...parsed.parsed);
      const kinds = (counts: Record<string, number>) =>
        Object.entries(counts)
          .sort(([, a], [, b]) => b - a)
          .map(([kind, n]) => `\n    ${kind}: ${n}`)
          .join('');
      console.log(
        `${file} (${parsed.encoding}): ${parsed.events.length} events, ${stored} new, ${duplicates} already known`,
      );
      console.log(`  letti / read:${kinds(parsed.used)}`);
      if (parsed.skipped) {
        console.log(
          `  altre righe, contate per tipo / other lines, counted by kind (${parsed.skipped}):${kinds(parsed.skippedByKind)}`,
        );
      }
    }
    if (!args.includes('--no-reconcile')) {
      const r = await monitoring.reconcile(statusFromLog(all));
      console.log(
        `Riconciliazione / reconciliation: ${r.objects} objects, ${r.changes} state changes, ${r.opened} problems opened, ${r.closed} closed`,
      );
    }
    return 0;
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  if (command === 'import:nagios-log') {
    process.exitCode = await importNagiosLog(config, args);
    return;
  }
  if (command === 'import:tickets') {
    process.exitCode = await importTickets(config, args);
    return;
  }
  if (command === 'backup' || command === 'restore') {
    process.exitCode = await runBackupCommand(config, command, args);
    return;
  }
  if (command === 'retention:run') {
    process.exitCode = await runRetentionCommand(config, args);
    return;
  }
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.DATA_DIR });
  const dataSource = createDataSource({
    url: config.DATABASE_URL ?? embedded!.url,
    logging: true,
    // generate compares the schema with the entities.
    entities: ENTITIES,
    // generate needs one connection (see the temporary table below); run holds one for its lock.
    poolSize: command === 'migration:generate' ? 1 : 2,
  });
  await dataSource.initialize();
  try {
    switch (command) {
      case 'migration:run': {
        const applied = await runMigrationsLocked(dataSource);
        console.log(
          applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}` : 'No pending migrations.',
        );
        break;
      }
      case 'migration:show': {
        const applied = new Set(
          (await dataSource.query(`SELECT name FROM schema_migrations`).catch(() => [])).map(
            (row: { name: string }) => row.name,
          ),
        );
        for (const migration of dataSource.migrations) {
          console.log(`${applied.has(migration.name!) ? '[X]' : '[ ]'} ${migration.name}`);
        }
        break;
      }
      case 'migration:revert': {
        await dataSource.undoLastMigration({ transaction: 'each' });
        console.log('Reverted the last applied migration.');
        break;
      }
      case 'migration:generate': {
        const name = args[0];
        if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name))
          throw new Error('migration:generate needs a CamelCase name');
        // TypeORM looks up generated columns in its own metadata table; an empty temporary one
        // (visible because the CLI uses a single connection) lets it read our hand-made ones.
        await dataSource.query(
          `CREATE TEMP TABLE IF NOT EXISTS "typeorm_metadata" ("type" varchar NOT NULL, "database" varchar, "schema" varchar, "table" varchar, "name" varchar, "value" text)`,
        );
        const log = await dataSource.driver.createSchemaBuilder().log();
        const up = log.upQueries.filter((q) => !isHandManaged(q.query));
        const down = log.downQueries.filter((q) => !isHandManaged(q.query)).reverse();
        if (up.length === 0) {
          console.log('The schema matches the entities: nothing to generate.');
          break;
        }
        const timestamp = Date.now();
        const file = join(process.cwd(), 'migrations', `${timestamp}-${name}.ts`);
        mkdirSync(join(process.cwd(), 'migrations'), { recursive: true });
        writeFileSync(file, migrationSource(`${name}${timestamp}`, up, down));
        console.log(`Wrote ${file}; add it to migrations/index.ts and review the SQL.`);
        break;
      }
      default:
        console.error(USAGE);
        process.exitCode = 2;
    }
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
