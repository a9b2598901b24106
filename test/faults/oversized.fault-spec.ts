import { randomBytes } from 'node:crypto';

import { authHeaders, createUser, eventually } from '@app/testing';
import { UserEntity } from '@app/tickets';

import { FaultEnv, faultSuiteCanRun, setUpFaultEnv } from './support/fault-env';
import { AppProcess, startApi, startWorker } from './support/processes';

const describeFaults = faultSuiteCanRun() ? describe : describe.skip;

/** A citizen's mail with attachments of the given sizes (base64, 76-character lines). */
function mailWithAttachments(n: number, sizes: number[]): string {
  const boundary = `b${n}`;
  const parts = sizes.map((size, i) =>
    [
      `--${boundary}`,
      `Content-Type: application/pdf; name="allegato-${n}-${i}.pdf"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="allegato-${n}-${i}.pdf"`,
      '',
      (
        randomBytes(size)
          .toString('base64')
          .match(/.{1,76}/g) ?? []
      ).join('\r\n'),
    ].join('\r\n'),
  );
  return [
    `From: Cittadino ${n} <cittadino.${n}.oversize@comune.fiesole.fi.it>`,
    'To: assistenza@cst.example',
    `Subject: Documenti allegati (${n})`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <oversize.${n}@comune.fiesole.fi.it>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Buongiorno, allego i documenti richiesti. Cordiali saluti.',
    ...parts,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/**
 * Oversized input refused cleanly: attachments above MAIL_MAX_ATTACHMENT_MB (1 MB here) are
 * refused, noted on a ticket that is still opened, and the sender told; API bodies above the
 * 2 MB limit are a 413, never a 500, and change nothing.
 */
describeFaults('oversized attachments and bodies (fault suite)', () => {
  let e: FaultEnv;
  let agent: UserEntity;
  let api: AppProcess;

  beforeAll(async () => {
    e = await setUpFaultEnv({ MAIL_MAX_ATTACHMENT_MB: '1' });
    agent = await createUser(e.t.dataSource, 'agent', 'Operatore Allegati');
    api = await startApi(e.env);
    const worker = startWorker(e.env);
    e.processes.push(api, worker);
  }, 120_000);

  afterAll(async () => {
    await e?.close();
  });

  it('opens the ticket, keeps the small attachments, refuses the big ones and tells the sender', async () => {
    const mails = [
      mailWithAttachments(1, [40_000, 3 * 1024 * 1024]),
      mailWithAttachments(2, [12 * 1024 * 1024]),
      mailWithAttachments(3, [900_000, 20_000]),
    ];
    await e.imap.appendMany(mails);
    await eventually(
      async () => ((await e.count(`SELECT count(*)::int AS n FROM inbound_mail`)) === 3 ? true : undefined),
      'the three mails ingested',
      120_000,
      200,
    );
    await eventually(
      async () =>
        (await e.count(`SELECT count(*)::int AS n FROM outbound_mail WHERE status <> 'sent'`)) === 0
          ? true
          : undefined,
      'the acknowledgements and refusals sent',
      120_000,
      200,
    );
    const kinds: { kind: string; n: number }[] = await e.t.dataSource.query(
      `SELECT kind, count(*)::int AS n FROM outbound_mail GROUP BY kind ORDER BY kind`,
    );
    const counted = {
      tickets: await e.count(`SELECT count(*)::int AS n FROM ticket`),
      outcomes: await e.t.dataSource.query(
        `SELECT outcome, count(*)::int AS n FROM inbound_mail GROUP BY outcome`,
      ),
      attachmentsKept: await e.count(`SELECT count(*)::int AS n FROM attachment`),
      biggestKeptBytes: await e.count(
        `SELECT coalesce(max(octet_length(content)), 0)::int AS n FROM attachment`,
      ),
      refusalEvents: await e.count(
        `SELECT count(*)::int AS n FROM ticket_event WHERE type = 'attachment_refused'`,
      ),
      outbound: Object.fromEntries(kinds.map((k) => [k.kind, k.n])),
      smtpReceived: e.smtp.messages.length,
    };
    console.log(
      '[faults] 3 mails with attachments of 40 KB + 3 MB, 12 MB, 900 KB + 20 KB (limit 1 MB):',
      counted,
    );
    expect(counted.tickets).toBe(3);
    expect(counted.attachmentsKept).toBe(3);
    expect(counted.biggestKeptBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(counted.refusalEvents).toBe(2);
    expect(counted.outbound).toEqual({ ack: 3, attachment_refused: 2 });
    expect(counted.smtpReceived).toBe(5);
  }, 300_000);

  it('answers 413 to an API body over the limit and stores nothing of it', async () => {
    const before = await e.count(`SELECT count(*)::int AS n FROM ticket`);
    const res = await fetch(`${api.url}/api/tickets`, {
      method: 'POST',
      headers: { ...authHeaders(agent), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        channel: 'phone',
        requester: { name: 'Mario Rossi', phone: '+39 055 1234567' },
        enteId: e.f.ente.id,
        subject: 'Descrizione enorme',
        description: 'x'.repeat(3 * 1024 * 1024),
      }),
    });
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    const health = await fetch(`${api.url}/api/health`);
    console.log('[faults] a 3 MB JSON body:', res.status, body, 'health after:', health.status);
    expect(res.status).toBe(413);
    expect(body.statusCode).toBe(413);
    expect(await e.count(`SELECT count(*)::int AS n FROM ticket`)).toBe(before);
    expect(health.status).toBe(200);
  });
});
