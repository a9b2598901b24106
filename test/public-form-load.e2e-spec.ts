import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { MetricsService } from '@app/metrics';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  publicFormToken,
  TestApp,
} from '@app/testing';

const SECRETS_KEY = 'cd'.repeat(32);
const LIMITS = { perAddressPerHour: 5, perEmailPerDay: 3, burstPerMinute: 60, fileMb: 1, maxFiles: 2 };
const SUBMISSIONS = 300;
const WIDTH = 20;
const ADDRESSES = 36;
const EMAILS = 25;

interface Answer {
  status: number;
  text: string;
  /** The connection ended without an answer (the cut-off of an oversized body may do so). */
  dropped?: string;
}

/**
 * The bounded loopback load test of the public form (issue 20.4): a flood of 300 submissions, 20
 * at a time, from 36 client addresses and 25 repeated e-mail addresses — valid ones, files just
 * under the size limit, files over it, robots, bodies past the limit — against the api listening on
 * 127.0.0.1 (real sockets), while an agent keeps listing the queue and opening a ticket. What users
 * rely on: every answer is a page saying why (200/400/413/429, never a 5xx nor a dropped
 * connection but the 413 cut-off), exactly the accepted requests are stored, no more per address,
 * e-mail or minute than configured, and every agent request is served. Figures go to the log.
 */
describe('Public form under a flood, agents still served (e2e, loopback)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let base: URL;
  let ticketId: string;

  beforeAll(async () => {
    t = await createTestApp({
      SECRETS_KEY,
      TRUST_PROXY: 'loopback',
      PUBLIC_FORM_PER_ADDRESS_PER_HOUR: String(LIMITS.perAddressPerHour),
      PUBLIC_FORM_PER_EMAIL_PER_DAY: String(LIMITS.perEmailPerDay),
      PUBLIC_FORM_BURST_PER_MINUTE: String(LIMITS.burstPerMinute),
      MAIL_MAX_ATTACHMENT_MB: String(LIMITS.fileMb),
      PUBLIC_FORM_MAX_FILES: String(LIMITS.maxFiles),
    });
    f = await createBasicFixtures(t.dataSource);
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    base = new URL(`http://127.0.0.1:${port}`);
    const created = await fetch(new URL('/api/tickets', base), {
      method: 'POST',
      headers: { ...authHeaders(f.agent.id), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        channel: 'phone',
        requester: { name: 'Anna Bianchi', phone: '+39 055 7654321' },
        enteId: f.ente.id,
        subject: 'Certificato anagrafico',
      }),
    });
    expect(created.status).toBe(201);
    ticketId = ((await created.json()) as { id: string }).id;
  });
  afterAll(() => t?.close());

  const formToken = () => publicFormToken(SECRETS_KEY);

  /** A multipart body as a browser sends it. */
  function multipart(fields: Record<string, string>, files: { name: string; content: Buffer }[]) {
    const boundary = `----carico${randomBytes(8).toString('hex')}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields))
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    for (const file of files) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        file.content,
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
  }

  /**
   * One POST /richiesta over its own socket. `declared` overrides Content-Length (a body announced
   * past the limit, of which only the start is sent); `chunked` streams the body without a length.
   */
  function post(
    ip: string,
    body: Buffer,
    type: string,
    opts: { declared?: number; chunked?: boolean } = {},
  ): Promise<Answer> {
    return new Promise((resolve) => {
      const headers: http.OutgoingHttpHeaders = { 'Content-Type': type, 'X-Forwarded-For': ip };
      if (opts.declared) headers['Content-Length'] = opts.declared;
      else if (!opts.chunked) headers['Content-Length'] = body.length;
      const req = http.request(
        { host: base.hostname, port: base.port, path: '/richiesta', method: 'POST', headers, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
          res.on('error', (e) => resolve({ status: 0, text: '', dropped: e.message }));
        },
      );
      req.on('error', (e) =>
        resolve({ status: 0, text: '', dropped: (e as NodeJS.ErrnoException).code ?? e.message }),
      );
      if (opts.declared) {
        req.write(body.subarray(0, 1024));
        // The rest never comes: the answer must not wait for it.
        return;
      }
      if (opts.chunked) {
        for (let i = 0; i < body.length; i += 256 * 1024) req.write(body.subarray(i, i + 256 * 1024));
        req.end();
        return;
      }
      req.end(body);
    });
  }

  /** Runs the jobs `width` at a time. */
  async function inParallel<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
    const results: T[] = new Array(jobs.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < jobs.length) {
          const i = next++;
          results[i] = await jobs[i]!();
        }
      }),
    );
    return results;
  }

  const percentile = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

  it('answers every submission with a page saying why, stores exactly the accepted ones within the limits, and keeps serving agents', async () => {
    const fileBytes = LIMITS.fileMb * 1024 * 1024;
    const maxBody = LIMITS.maxFiles * fileBytes + 256 * 1024;
    type Kind = 'valid' | 'nearLimit' | 'overFile' | 'robot' | 'declaredTooLarge' | 'streamedTooLarge';
    const plan = Array.from({ length: SUBMISSIONS }, (_, i) => {
      const kind: Kind =
        i % 10 === 1
          ? 'robot'
          : i % 20 === 3
            ? 'declaredTooLarge'
            : i % 50 === 7
              ? 'streamedTooLarge'
              : i % 25 === 5
                ? 'overFile'
                : i % 5 === 2
                  ? 'nearLimit'
                  : 'valid';
      return {
        i,
        kind,
        ip: `198.51.100.${(i % ADDRESSES) + 1}`,
        email: `cittadino.${i % EMAILS}@example.org`,
      };
    });
    const jobs = plan.map((p) => async () => {
      const fields = {
        name: `Cittadino ${p.i}`,
        email: p.i % 3 === 0 ? p.email.toUpperCase() : p.email,
        phone: '',
        ente: f.ente.id,
        category: '',
        subject: `Richiesta ${p.i}`,
        description: 'Non riesco a scaricare il certificato di residenza dal sito del comune.',
        privacy: 'on',
        website: p.kind === 'robot' ? 'http://spam.example' : '',
        formToken: formToken(),
      };
      const files =
        p.kind === 'nearLimit'
          ? [{ name: 'scansione.pdf', content: Buffer.alloc(fileBytes - 4096, 0x25) }]
          : p.kind === 'overFile'
            ? [{ name: 'troppo.pdf', content: Buffer.alloc(fileBytes + 1, 0x25) }]
            : p.kind === 'streamedTooLarge'
              ? [
                  { name: 'a.pdf', content: Buffer.alloc(fileBytes - 1, 0x25) },
                  { name: 'b.pdf', content: Buffer.alloc(fileBytes - 1, 0x25) },
                  { name: 'c.pdf', content: Buffer.alloc(fileBytes - 1, 0x25) },
                ]
              : [];
      const { body, type } = multipart(fields, files);
      const answer = await post(p.ip, body, type, {
        declared: p.kind === 'declaredTooLarge' ? maxBody + 1 : undefined,
        chunked: p.kind === 'streamedTooLarge',
      });
      return { ...p, files: files.length, answer };
    });

    // The agent: the queue, then a ticket, again and again until the flood is over.
    const agentLatencies: number[] = [];
    const agentFailures: string[] = [];
    let flooding = true;
    const agent = (async () => {
      let n = 0;
      while (flooding || n < 10) {
        const path = n++ % 2 === 0 ? '/api/tickets' : `/api/tickets/${ticketId}`;
        const started = performance.now();
        try {
          const res = await fetch(new URL(path, base), { headers: authHeaders(f.agent.id) });
          await res.arrayBuffer();
          agentLatencies.push(performance.now() - started);
          if (res.status !== 200) agentFailures.push(`${path}: ${res.status}`);
        } catch (error) {
          agentFailures.push(`${path}: ${(error as Error).message}`);
        }
      }
    })();

    const metrics = t.app.get(MetricsService);
    await metrics.text(); // starts a fresh event-loop delay window
    const results = await inParallel(jobs, WIDTH);
    flooding = false;
    await agent;
    const lagMax = /^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(await metrics.text())?.[1];

    // Every answer is an expected status with a page saying why; no 5xx, no dropped connection
    // except a streamed body cut off past its limit.
    const byStatus = new Map<string, number>();
    for (const r of results) {
      const key = r.answer.dropped ? `dropped(${r.answer.dropped})` : String(r.answer.status);
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    }
    const unexpected = results.filter((r) =>
      r.answer.dropped ? r.kind !== 'streamedTooLarge' : ![200, 400, 413, 429].includes(r.answer.status),
    );
    expect(unexpected.map((r) => [r.i, r.kind, r.answer.status, r.answer.dropped])).toEqual([]);
    for (const r of results) {
      const { status, text } = r.answer;
      if (r.answer.dropped) continue;
      if (status === 200) expect(text).toContain('Controlli la sua e-mail');
      if (status === 413) expect(text).toContain('La richiesta è troppo grande');
      if (status === 429) expect(text).toMatch(/troppe richieste|moltissime richieste/);
      if (status === 400) expect(text).toMatch(/programma automatico|errore nel modulo|errori nel modulo/);
      // Each kind gets the answer it deserves.
      if (r.kind === 'robot') expect(status).toBe(400);
      if (r.kind === 'declaredTooLarge' || r.kind === 'streamedTooLarge') expect(status).toBe(413);
      if (r.kind === 'overFile') expect(status).toBe(400);
      if (r.kind === 'overFile') expect(text).toContain('Il file «troppo.pdf» supera il limite di 1 MB.');
      if (r.kind === 'valid' || r.kind === 'nearLimit') expect([200, 429]).toContain(status);
    }

    // Exactly the accepted submissions are stored, with their files, and within every limit.
    const accepted = results.filter((r) => r.answer.status === 200);
    const [stored] = await t.dataSource.query<{ requests: number; files: number }[]>(
      `SELECT (SELECT count(*)::int FROM public_request) AS requests,
              (SELECT count(*)::int FROM public_request_file) AS files`,
    );
    expect(stored).toEqual({
      requests: accepted.length,
      files: accepted.reduce((n, r) => n + r.files, 0),
    });
    const perEmail = await t.dataSource.query<{ email: string; n: number }[]>(
      `SELECT lower(email) AS email, count(*)::int AS n FROM public_request GROUP BY 1 ORDER BY 2 DESC`,
    );
    expect(perEmail[0]!.n).toBeLessThanOrEqual(LIMITS.perEmailPerDay);
    const perMinute = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM public_request GROUP BY date_trunc('minute', submitted_at) ORDER BY 1 DESC`,
    );
    expect(perMinute[0]!.n).toBeLessThanOrEqual(LIMITS.burstPerMinute);
    const perAddress = new Map<string, number>();
    for (const r of accepted) perAddress.set(r.ip, (perAddress.get(r.ip) ?? 0) + 1);
    expect(Math.max(...perAddress.values())).toBeLessThanOrEqual(LIMITS.perAddressPerHour);
    // The limits did bite: the flood was larger than they allow.
    expect(results.filter((r) => r.answer.status === 429).length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);

    // Every agent request during the flood was served.
    expect(agentFailures).toEqual([]);
    expect(agentLatencies.length).toBeGreaterThanOrEqual(10);

    const sorted = [...agentLatencies].sort((a, b) => a - b);
    const refusals = new Map<string, number>();
    for (const r of results.filter((x) => x.answer.status === 429)) {
      const why = /ultima ora/.test(r.answer.text)
        ? 'per address'
        : /indirizzo e-mail/.test(r.answer.text)
          ? 'per e-mail'
          : 'burst';
      refusals.set(why, (refusals.get(why) ?? 0) + 1);
    }
    console.log(
      [
        `public form load: ${SUBMISSIONS} submissions, ${WIDTH} at a time, ${ADDRESSES} addresses, ${EMAILS} e-mails`,
        `  answers by status: ${[...byStatus].map(([k, v]) => `${k}=${v}`).join(' ')}`,
        `  429 by limit: ${[...refusals].map(([k, v]) => `${k}=${v}`).join(' ')}`,
        `  stored: ${stored!.requests} requests, ${stored!.files} files`,
        `  agent requests served: ${agentLatencies.length} (failures ${agentFailures.length}), p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`,
        `  event-loop lag max (nodejs_eventloop_lag_max_seconds, test client in the same process): ${lagMax ? `${(Number(lagMax) * 1000).toFixed(1)} ms` : 'n/a'}`,
      ].join('\n'),
    );
  }, 55_000);
});
