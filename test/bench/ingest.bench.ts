/*
 * E-mail ingestion benchmark: `npm run bench:ingest [-- N]` (default 5,000 mails).
 *
 * Appends N realistic mails (10% with a PDF, 20% replies) to a private Dovecot, then times the
 * help desk ingesting them end to end: the worker's mailbox watcher fetching over IMAP, parsing,
 * and one transaction per mail creating the ticket or reply, its clocks, its acknowledgement in
 * the outbox and its recorded position, then flagging the mails on the server. In the same run
 * it times the floor: parsing the same mails and inserting one row each, one commit per mail,
 * without any of the help desk's logic. Needs a PostgreSQL server (BENCH_DATABASE_URL, or
 * TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) and dovecot-imapd.
 */
import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

import { loadConfig } from '@app/config';
import { MailboxSupervisor, parseInboundMail, SecretBox } from '@app/mail';
import { CoreModule } from '@app/runtime';
import { SlaRegistry } from '@app/sla';
import { generateMails, startDovecot } from '@app/testing';
import { createTestWorker } from '@app/testing/test-worker';
import { EnteEntity } from '@app/tickets';
import { NestFactory } from '@nestjs/core';
import { ImapFlow } from 'imapflow';
import { DataSource } from 'typeorm';

import { admin, benchServerUrl, withDatabase } from './bench-database';
import { printResult } from './bench-result';

const N = Number(process.argv[2] ?? 5000);
const TARGET_PER_SECOND = 200;
const RESULTS_FILE = 'bench-results-ingest.json';

async function main(): Promise<void> {
  const name = `helpdesk_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const imap = await startDovecot();
  try {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: withDatabase(benchServerUrl, name),
      LOG_LEVEL: 'error',
      MAIL_POLL_SECONDS: '1',
      MAIL_ACK_LIMIT_PER_HOUR: '1000',
      SECRETS_KEY: randomBytes(32).toString('hex'),
      DATA_DIR: `/tmp/${name}`,
    });
    // Migrate through the api's core wiring, then run the worker's own modules.
    const migrator = await NestFactory.createApplicationContext(
      CoreModule.forRoot({ config, runMigrations: true }),
      {
        logger: ['error'],
      },
    );
    await migrator.close();
    const app = await createTestWorker(config);
    const dataSource = app.get(DataSource);
    await app.get(SlaRegistry).seedFromConfig();
    const [ente] = await dataSource
      .getRepository(EnteEntity)
      .save([{ code: 'BENCH', name: 'Comune di prova', kind: 'comune' }]);

    const mails = generateMails(N, { seed: 2017, tag: 'bench' });
    const bytes = mails.reduce((n, m) => n + m.raw.length, 0);
    console.log(
      `Ingestion benchmark: ${N} mails (${Math.round(bytes / 1024)} KiB, ${mails.filter((m) => m.replyTo).length} replies), PostgreSQL ${benchServerUrl.replace(/\/\/.*@/, '//')}, Dovecot ${imap.port}`,
    );
    let t0 = performance.now();
    await imap.appendMany(mails.map((m) => m.raw));
    console.log(`Appended to Dovecot in ${((performance.now() - t0) / 1000).toFixed(1)} s (not counted)`);

    // --- the floor: parse and insert one row per mail, one commit each ---------------------------
    await dataSource.query(
      `CREATE TABLE bench_floor (id bigserial PRIMARY KEY, message_id text, subject text, raw bytea)`,
    );
    t0 = performance.now();
    for (const mail of mails) {
      const parsed = await parseInboundMail(mail.raw);
      await dataSource.query(`INSERT INTO bench_floor (message_id, subject, raw) VALUES ($1, $2, $3)`, [
        parsed.messageId,
        parsed.subject,
        mail.raw,
      ]);
    }
    const floorSeconds = (performance.now() - t0) / 1000;

    // --- the IMAP floor: the same mails fetched from Dovecot and nothing else ----------------------
    // The floor above reads the mails from memory; the watcher must fetch them over IMAP from a
    // Dovecot that shares these cores, and flag them after. Fetching alone, read-only (nothing is
    // flagged, so the watcher still finds every mail new), says what that part costs.
    const fetcher = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: false,
      auth: { user: imap.user, pass: imap.password },
      logger: false,
    });
    await fetcher.connect();
    t0 = performance.now();
    let fetched = 0;
    await fetcher.mailboxOpen('INBOX', { readOnly: true });
    for await (const message of fetcher.fetch('1:*', { uid: true, source: true })) {
      if (message.source) fetched++;
    }
    const imapSeconds = (performance.now() - t0) / 1000;
    await fetcher.logout();
    if (fetched !== N) throw new Error(`IMAP floor fetched ${fetched} of ${N} mails`);

    // --- end to end: the worker's watcher on the mailbox -----------------------------------------
    await dataSource.query(
      `INSERT INTO mailbox (name, address, imap_host, imap_port, imap_tls, imap_user, imap_password_enc, default_ente_id)
       VALUES ('Bench', 'assistenza@cst.example', $1, $2, false, $3, $4, $5)`,
      [imap.host, imap.port, imap.user, app.get(SecretBox).encrypt(imap.password), ente.id],
    );
    t0 = performance.now();
    app.get(MailboxSupervisor).start();
    for (;;) {
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM inbound_mail`);
      if (n >= N) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const endToEndSeconds = (performance.now() - t0) / 1000;
    const [{ tickets }] = await dataSource.query(`SELECT count(*)::int AS tickets FROM ticket`);
    const [{ replies }] = await dataSource.query(
      `SELECT count(*)::int AS replies FROM inbound_mail WHERE outcome = 'reply_added'`,
    );
    await app.close();

    const rows = [
      { figure: 'end-to-end ingestion (mails/s)', value: N / endToEndSeconds, baseline: N / floorSeconds },
    ];
    console.log('| figure                          |   value | floor (parse + 1 row) | ratio |');
    console.log('|---------------------------------|--------:|----------------------:|------:|');
    for (const r of rows) {
      console.log(
        `| ${r.figure.padEnd(31)} | ${r.value.toFixed(0).padStart(7)} | ${r.baseline.toFixed(0).padStart(21)} | ${(r.value / r.baseline).toFixed(2).padStart(5)} |`,
      );
    }
    console.log(
      `${tickets} tickets and ${replies} replies from ${N} mails in ${endToEndSeconds.toFixed(1)} s.`,
    );
    // Serial costs on shared cores add up, as bench:api's HTTP + SQL floor.
    const withImap = 1 / (floorSeconds / N + imapSeconds / N);
    console.log(
      `IMAP floor: the ${N} mails fetched read-only in ${imapSeconds.toFixed(1)} s (${(N / imapSeconds).toFixed(0)} mails/s); ` +
        `IMAP + parse + 1 row: ${withImap.toFixed(0)} mails/s; end to end is ${(N / endToEndSeconds / withImap).toFixed(2)}x of it.`,
    );
    const perSecond = N / endToEndSeconds;
    console.log(
      `Target ${TARGET_PER_SECOND} mails/s end to end: ${perSecond >= TARGET_PER_SECOND ? 'MET' : 'NOT MET'} (${perSecond.toFixed(0)} mails/s, informational).`,
    );
    writeFileSync(
      RESULTS_FILE,
      JSON.stringify(
        {
          mails: N,
          endToEndSeconds,
          floorSeconds,
          endToEndPerSecond: perSecond,
          floorPerSecond: N / floorSeconds,
          imapSeconds,
          tickets,
          replies,
        },
        null,
        2,
      ),
    );
    console.log(`Figures written to ${RESULTS_FILE}.`);
    printResult({
      bench: 'ingest',
      figure: 'end-to-end ingestion',
      value: perSecond,
      unit: 'mails/s',
      baseline: N / floorSeconds,
      baselineLabel: 'parse + 1 row per mail',
      better: 'higher',
      details: { mails: N, tickets, replies },
    });
    printResult({
      bench: 'ingest',
      figure: 'end-to-end ingestion vs IMAP fetch + parse + 1 row',
      value: perSecond,
      unit: 'mails/s',
      baseline: withImap,
      baselineLabel: 'the same mails fetched read-only over IMAP, then parse + 1 row per mail',
      better: 'higher',
      details: { imapSeconds, floorSeconds },
    });
  } finally {
    await imap.stop();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
