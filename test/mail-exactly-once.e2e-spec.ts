import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import {
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  DovecotServer,
  eventually,
  generateMails,
  requireDovecot,
  requireService,
  SmtpReceiver,
  startDovecot,
  startSmtpReceiver,
  TestApp,
} from '@app/testing';
import { addDovecotMailbox } from '@app/testing/test-mailbox';
import { ImapFlow } from 'imapflow';

const redisUrl = requireService('Redis (BullMQ)', 'TEST_REDIS_URL');
// A separate worker process needs a real PostgreSQL: the embedded engine is one session for one process.
const postgres = requireService('PostgreSQL (separate worker processes)', 'TEST_DATABASE_URL');
const canRun = requireDovecot() && !!redisUrl && !!postgres;
const describeMail = canRun ? describe : describe.skip;
const ROOT = join(__dirname, '..');

/**
 * Crashes, not shutdowns: the worker runs as its own process (the production build) and is
 * killed with SIGKILL in the middle of a batch; the IMAP server is killed mid-fetch. Afterwards
 * every mail must have become exactly one ticket or reply, and every acknowledgement one row.
 */
describeMail('exactly-once ingestion through crashes (e2e)', () => {
  let imap: DovecotServer;
  let smtp: SmtpReceiver;
  let t: TestApp;
  let f: BasicFixtures;
  let env: NodeJS.ProcessEnv;
  const workers: ChildProcess[] = [];
  const tag = randomBytes(3).toString('hex');

  const startWorkerProcess = () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/worker/src/main.js')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(child);
    return child;
  };
  const killed = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });

  const count = async (sql: string) => (await t.dataSource.query(sql))[0].n as number;
  const unmarked = async () => {
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: false,
      auth: { user: imap.user, pass: imap.password },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.mailboxOpen('INBOX');
      return ((await client.search({ unKeyword: '$HelpdeskIngested' }, { uid: true })) || []).length;
    } finally {
      await client.logout();
    }
  };

  beforeAll(async () => {
    // The real worker entry point, as production runs it.
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
    imap = await startDovecot();
    smtp = await startSmtpReceiver();
    const secretsKey = randomBytes(32).toString('hex');
    t = await createTestApp({ SECRETS_KEY: secretsKey });
    f = await createBasicFixtures(t.dataSource);
    const admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    env = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      DATABASE_URL: t.database.url,
      DATABASE_POOL_SIZE: '4',
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: `test-once-${tag}`,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_SECURE: 'false',
      MAIL_POLL_SECONDS: '1',
      MAIL_ACK_LIMIT_PER_HOUR: '1000',
      SECRETS_KEY: secretsKey,
    };
    await addDovecotMailbox(t.http, admin, imap, f.ente.id);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map(killed));
    await t?.close();
    await smtp?.stop();
    await imap?.stop();
  });

  it('ingests 500 mails exactly once although the worker is killed in the middle of the batch', async () => {
    const mails = generateMails(500, { tag, seed: 7 });
    await imap.appendMany(mails.map((m) => m.raw));

    const first = startWorkerProcess();
    const atKill = await eventually(
      async () => {
        const n = await count(`SELECT count(*)::int AS n FROM inbound_mail`);
        return n >= 60 ? n : undefined;
      },
      'the first worker to be busy',
      120_000,
    );
    await killed(first);
    const afterKill = await count(`SELECT count(*)::int AS n FROM inbound_mail`);
    // Killed mid-batch, or the test proves nothing.
    expect(afterKill).toBeLessThan(500);
    expect(atKill).toBeGreaterThanOrEqual(60);

    startWorkerProcess();
    await eventually(
      async () => {
        const n = await count(`SELECT count(*)::int AS n FROM inbound_mail`);
        return n === 500 ? true : undefined;
      },
      'all 500 mails',
      120_000,
    );
    // Give a stray double ingestion the chance to show itself before counting.
    await new Promise((r) => setTimeout(r, 3_000));

    const replies = mails.filter((m) => m.replyTo).length;
    expect(await count(`SELECT count(*)::int AS n FROM inbound_mail`)).toBe(500);
    expect(await count(`SELECT count(*)::int AS n FROM inbound_position`)).toBe(500);
    expect(await count(`SELECT count(*)::int AS n FROM ticket WHERE channel = 'email'`)).toBe(500 - replies);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM ticket_event WHERE type = 'message' AND payload->>'direction' = 'in' AND payload->>'via' = 'email'`,
      ),
    ).toBe(500);
    // One acknowledgement per ticket, never two.
    expect(await count(`SELECT count(*)::int AS n FROM outbound_mail WHERE kind = 'ack'`)).toBe(
      500 - replies,
    );
    expect(
      await count(
        `SELECT count(*)::int AS n FROM (SELECT ticket_id FROM outbound_mail WHERE kind = 'ack' GROUP BY ticket_id HAVING count(*) > 1) d`,
      ),
    ).toBe(0);
    // Every mail marked on the server, so no worker fetches it again.
    expect(await unmarked()).toBe(0);
  }, 240_000);

  it('recovers from the IMAP server dying mid-fetch and still ingests each mail once', async () => {
    const mails = generateMails(300, { tag: `${tag}b`, seed: 11, replyRatio: 0 });
    const before = await count(`SELECT count(*)::int AS n FROM inbound_mail`);
    await imap.appendMany(mails.map((m) => m.raw));
    await eventually(
      async () => {
        const n = await count(`SELECT count(*)::int AS n FROM inbound_mail`);
        return n >= before + 30 ? n : undefined;
      },
      'ingestion to start',
      120_000,
    );
    await imap.kill();
    const during = await count(`SELECT count(*)::int AS n FROM inbound_mail`);
    expect(during).toBeLessThan(before + 300);
    await new Promise((r) => setTimeout(r, 1_500));
    await imap.start();
    await eventually(
      async () => {
        const n = await count(`SELECT count(*)::int AS n FROM inbound_mail`);
        return n === before + 300 ? true : undefined;
      },
      'the rest after the IMAP restart',
      120_000,
    );
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await count(`SELECT count(*)::int AS n FROM inbound_mail`)).toBe(before + 300);
    const tickets = await count(
      `SELECT count(*)::int AS n FROM ticket t JOIN contact c ON c.id = t.requester_id WHERE c.email LIKE '%.${tag}b.%'`,
    );
    expect(tickets).toBe(300);
    expect(await unmarked()).toBe(0);
  }, 240_000);
});
