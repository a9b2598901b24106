import { AppConfig } from '@app/config';
import { parseAsOf, PrivacyCoreModule, RetentionResult, RetentionService } from '@app/privacy';
import { CoreModule } from '@app/runtime';
import { SlaCoreModule, SlaRegistry } from '@app/sla';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { progressBar } from './progress-bar';

export const RETENTION_USAGE = `  retention:run [--dry-run] [--as-of YYYY-MM-DD]
                                delete or anonymise personal data past its retention period
                                (config/privacy.json, then the admins' edits); --dry-run counts
                                only; --as-of acts as if that local date were today, to plan ahead`;

/** Italian and English names of the summary's counters, for the printed report. */
const LABELS: Record<string, string> = {
  rawMail: 'Originali e-mail e allegati / raw mails and attachments',
  messageBodies: 'Testi dei ticket / ticket texts',
  contactDetails: 'Dati di contatto / contact details',
  outboundMail: 'Copie e-mail inviate / sent mail copies',
  auditLog: 'Registro operazioni / audit log',
  sessions: 'Sessioni e accessi / sessions and sign-ins',
};

@Module({})
class RetentionCliModule {}

export function parseRetentionArgs(
  args: string[],
  zone: string,
): { dryRun: boolean; asOf: Date } | { error: string } {
  let dryRun = false;
  let asOf = new Date();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--as-of' || arg.startsWith('--as-of=')) {
      const text = arg === '--as-of' ? args[++i] : arg.slice('--as-of='.length);
      const parsed = text ? parseAsOf(text, zone) : null;
      if (!parsed)
        return { error: `--as-of: data YYYY-MM-DD non valida / not a YYYY-MM-DD date: ${text ?? ''}` };
      asOf = parsed;
    } else return { error: `argomento sconosciuto / unknown argument: ${arg}` };
  }
  return { dryRun, asOf };
}

export function printRetentionSummary(result: RetentionResult): void {
  const mode = result.dryRun ? ' (simulazione: nulla cambiato / dry run: nothing changed)' : '';
  console.log(
    `Pulizia dati personali / retention run al / as of ${result.asOf.toISOString()}, policy v${result.policyVersion}${mode}`,
  );
  for (const [cls, counts] of Object.entries(result.summary)) {
    const parts = Object.entries(counts).map(([k, n]) => `${k} ${n}`);
    console.log(`  ${LABELS[cls] ?? cls}: ${parts.join(', ')}`);
  }
}

/** `retention:run [--dry-run] [--as-of YYYY-MM-DD]` (issue 18.2). */
export async function runRetentionCommand(config: AppConfig, args: string[]): Promise<number> {
  const app = await NestFactory.createApplicationContext(
    {
      module: RetentionCliModule,
      imports: [CoreModule.forRoot({ config, runMigrations: false }), SlaCoreModule, PrivacyCoreModule],
    },
    { logger: ['error', 'warn'] },
  );
  try {
    const registry = app.get(SlaRegistry);
    await registry.seedFromConfig();
    const zone = (await registry.defaultCalendar()).timeZone;
    const parsed = parseRetentionArgs(args, zone);
    if ('error' in parsed) {
      console.error(parsed.error);
      console.error(`Uso / usage: npm run cli --\n${RETENTION_USAGE}`);
      return 2;
    }
    let drawn = false;
    const result = await app.get(RetentionService).run({
      ...parsed,
      trigger: 'cli',
      onProgress: (step, done, total) => {
        drawn = true;
        progressBar(done, total, `${step.padEnd(24)} `);
      },
    });
    if (drawn) process.stderr.write('\n');
    printRetentionSummary(result!);
    return 0;
  } finally {
    await app.close();
  }
}
