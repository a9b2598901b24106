import {
  authHeaders,
  BasicFixtures,
  copyTestDatabase,
  createBasicFixtures,
  createTestApp,
  requireService,
  TestApp,
  TestDatabase,
} from '@app/testing';
import request from 'supertest';

// A copy of a database needs a real PostgreSQL (the embedded engine is one process, no replicas).
const postgres = requireService('reports on a read replica', 'TEST_DATABASE_URL');
const describeReplica = postgres ? describe : describe.skip;

/**
 * REPORTS_DATABASE_URL: the reports read a replica, everything else the primary. The replica here
 * is a copy of the primary taken at one instant (what a streaming replica holds, frozen): a ticket
 * written after it shows on the primary and not in the reports, proving where each one reads.
 */
describeReplica('reports on a read replica (e2e)', () => {
  let primary: TestApp | undefined;
  let replica: TestDatabase | undefined;
  afterAll(async () => {
    await primary?.close();
    await replica?.drop();
  });

  const phone = (t: TestApp, f: BasicFixtures, subject: string) =>
    request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        requester: { name: 'Cittadino', phone: '055 123' },
        enteId: f.ente.id,
        subject,
        receivedAt: '2026-03-10T09:00:00+01:00',
      })
      .expect(201);

  it('answers the ticket statistics and the SLA table from the replica, while agents write to the primary', async () => {
    const before = await createTestApp();
    const f = await createBasicFixtures(before.dataSource);
    await phone(before, f, 'Prima della copia');
    await before.app.close();
    replica = await copyTestDatabase(before.database);

    primary = await createTestApp({ REPORTS_DATABASE_URL: replica.url }, before.database);
    await phone(primary, f, 'Dopo la copia');
    const [{ n }] = await primary.dataSource.query(`SELECT count(*)::int AS n FROM ticket`);
    expect(n).toBe(2);

    const query = { from: '2026-03-01', to: '2026-03-31', groupBy: 'month' };
    const tickets = await request(primary.http)
      .get('/api/reports/tickets')
      .query(query)
      .set(authHeaders(f.supervisor))
      .expect(200);
    expect(tickets.body.totals.overall.handled).toBe(1);

    const sla = await request(primary.http)
      .get('/api/reports/sla')
      .query({ from: '2026-03-01', to: '2026-03-31' })
      .set(authHeaders(f.supervisor))
      .expect(200);
    const takeCharge = (sla.body.rows as { code: string; applied?: number }[]).find(
      (r) => r.code === 'SLA.6',
    );
    expect(takeCharge?.applied).toBe(1);
  });
});
