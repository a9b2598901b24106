import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';

import { AppConfig } from '@app/config';
import { drainAndClose } from '@app/runtime';
import { authHeaders, BasicFixtures, createBasicFixtures, createTestApp, TestApp } from '@app/testing';

/**
 * A stopping api (SIGTERM: drainAndClose) lets the request in progress finish and answers it,
 * takes no new connection, and says it is not ready meanwhile.
 */
describe('Graceful shutdown of an api (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({ SHUTDOWN_TIMEOUT_SECONDS: '20' });
    f = await createBasicFixtures(t.dataSource);
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t?.database.drop();
  });

  it('finishes the request in progress, refuses new connections, then closes', async () => {
    const body = JSON.stringify({
      channel: 'phone',
      requester: { name: 'Mario Rossi', phone: '+39 055 1234567' },
      enteId: f.ente.id,
      categoryId: f.category.id,
      subject: 'Chiamata durante il riavvio',
      description: 'Il ticket deve essere registrato una volta sola.',
      malfunction: false,
    });
    // A request whose body arrives in two halves: in progress when the stop begins.
    const answer = new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/tickets',
          method: 'POST',
          headers: {
            ...authHeaders(f.agent),
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }),
          );
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 40));
      setTimeout(() => req.end(body.slice(40)), 1_500);
    });
    await new Promise((r) => setTimeout(r, 300));
    const stopped = drainAndClose(t.app, t.config as AppConfig, { http: t.app }, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    // No new connection is taken while the request in progress finishes.
    const refused = await fetch(`http://127.0.0.1:${port}/api/health/ready`).then(
      (r) => `answered ${r.status}`,
      (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message,
    );
    expect(refused).toBe('ECONNREFUSED');
    const res = await answer;
    expect(res.status).toBe(201);
    expect(res.connection).toBe('close');
    expect(JSON.parse(res.body)).toMatchObject({
      subject: 'Chiamata durante il riavvio',
      number: expect.any(String),
    });
    await stopped;
    expect(t.dataSource.isInitialized).toBe(false);
  });
});
