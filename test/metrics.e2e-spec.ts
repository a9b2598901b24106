import { readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { MetricsService, startMetricsServer } from '@app/metrics';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import { UserEntity } from '@app/tickets';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';

/** The value of one sample in Prometheus text, e.g. sample(text, 'helpdesk_sla_clocks', {code: 'SLA.6', state: 'overdue'}). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).split(' ')[0];
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

/** The metric names a PromQL expression reads (histogram series reduced to their metric). */
function metricNames(expr: string): string[] {
  const names = expr.match(/\b(?:helpdesk|http|nodejs|process)_[a-z0-9_]+/g) ?? [];
  return [...new Set(names.map((n) => n.replace(/_(bucket|count|sum)$/, '')))];
}

describe('Metrics for operators (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let server: Server;
  let metricsUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    server = (await startMetricsServer(t.app.get(MetricsService), '127.0.0.1', 0))!;
    metricsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    await t?.close();
  });

  const scrape = async () => {
    const res = await request(t.http).get('/api/metrics').set(authHeaders(admin));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['cache-control']).toBe('no-store');
    return res.text;
  };

  it('is for admins and tokens with the metrics scope, never anonymous or other roles', async () => {
    expect((await request(t.http).get('/api/metrics')).status).toBe(401);
    expect((await request(t.http).get('/api/metrics').set(authHeaders(f.agent))).status).toBe(403);
    expect((await request(t.http).get('/api/metrics').set(authHeaders(f.supervisor))).status).toBe(403);
    const token = async (scopes: string[]) => {
      const res = await request(t.http)
        .post('/api/admin/tokens')
        .set(authHeaders(admin))
        .send({ name: 'Prometheus', scopes });
      expect(res.status).toBe(201);
      return { Authorization: `Bearer ${res.body.token}` };
    };
    expect(
      (
        await request(t.http)
          .get('/api/metrics')
          .set(await token(['metrics']))
      ).status,
    ).toBe(200);
    expect(
      (
        await request(t.http)
          .get('/api/metrics')
          .set(await token(['monitoring']))
      ).status,
    ).toBe(403);
  });

  it('serves the same text on its own port, and nothing else there', async () => {
    const res = await fetch(`${metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect((await fetch(`${metricsUrl}/`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/api/tickets`)).status).toBe(404);
  });

  it('times requests by route pattern, never by the path a client sent', async () => {
    const before = sample(await scrape(), 'http_request_duration_seconds_count', {
      route: '/api/tickets/:id',
      status_code: '404',
    });
    for (let i = 0; i < 3; i++) {
      await request(t.http)
        .get(`/api/tickets/00000000-0000-4000-8000-00000000000${i}`)
        .set(authHeaders(f.agent))
        .expect(404);
    }
    await request(t.http).get('/api/no/such/path/123').expect(404);
    const text = await scrape();
    expect(
      sample(text, 'http_request_duration_seconds_count', { route: '/api/tickets/:id', status_code: '404' }),
    ).toBe((before ?? 0) + 3);
    expect(text).not.toContain('00000000-0000-4000-8000');
    expect(text).not.toContain('/api/no/such/path');
    expect(sample(text, 'http_request_duration_seconds_count', { route: 'unmatched' })).toBeGreaterThan(0);
  });

  it('reports the SLA clocks at risk, overdue and breached per code, the outbox backlog and the sessions', async () => {
    const opened = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        requester: { name: 'Mario Rossi', phone: '+39 055 1234567' },
        enteId: f.ente.id,
        categoryId: f.category.id,
        subject: 'Stampante del protocollo ferma',
        description: 'La stampante non risponde.',
        malfunction: true,
      });
    expect(opened.status).toBe(201);
    let text = await scrape();
    expect(sample(text, 'helpdesk_sla_clocks', { code: 'SLA.6', state: 'overdue' })).toBe(0);

    // Time passes: SLA.6 past its due instant (not yet swept), SLA.7 past its warning, SLA.8 breached.
    const id = opened.body.id as string;
    await t.dataSource.query(
      `UPDATE sla_clock SET due_at = now() - interval '1 minute' WHERE ticket_id = $1 AND code = 'SLA.6'`,
      [id],
    );
    await t.dataSource.query(
      `UPDATE sla_clock SET warn_at = now() - interval '1 minute', due_at = now() + interval '1 hour' WHERE ticket_id = $1 AND code = 'SLA.7'`,
      [id],
    );
    await t.dataSource.query(
      `UPDATE sla_clock SET state = 'breached', breached_at = now() WHERE ticket_id = $1 AND code = 'SLA.8'`,
      [id],
    );
    await t.dataSource.query(
      `INSERT INTO outbound_mail (kind, message_id, from_address, to_addresses, subject, text_body, created_at)
       VALUES ('ack', '<m1@test>', 'helpdesk@cst.example', '{mario@example.it}', 's', 'b', now() - interval '90 seconds')`,
    );
    text = await scrape();
    expect(sample(text, 'helpdesk_sla_clocks', { code: 'SLA.6', state: 'overdue' })).toBe(1);
    expect(sample(text, 'helpdesk_sla_clocks', { code: 'SLA.7', state: 'at_risk' })).toBe(1);
    expect(sample(text, 'helpdesk_sla_clocks', { code: 'SLA.8', state: 'breached' })).toBe(1);
    expect(sample(text, 'helpdesk_outbox_pending_mails')).toBe(1);
    expect(sample(text, 'helpdesk_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(90);
    expect(sample(text, 'helpdesk_sessions_active')).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'helpdesk_queue_jobs', { state: 'waiting' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'helpdesk_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
    // Counts only: no requester, address or subject ever appears in the metrics.
    expect(text).not.toMatch(/Mario|mario@|Stampante/);
  });

  it('counts audited events by action, sign-in failures included', async () => {
    const before = sample(await scrape(), 'helpdesk_audit_events_total', { action: 'login_failed' }) ?? 0;
    const refused = await request(t.http)
      .post('/api/auth/login')
      .send({ email: admin.email, password: 'non-e-la-password-giusta' });
    expect(refused.status).toBe(401);
    expect(sample(await scrape(), 'helpdesk_audit_events_total', { action: 'login_failed' })).toBe(
      before + 1,
    );
  });

  it('has every metric that the shipped alert rules and Grafana dashboard use', async () => {
    const dir = join(__dirname, '../config/observability');
    const rules = parseYaml(readFileSync(join(dir, 'prometheus-alerts.yml'), 'utf8')) as {
      groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
    };
    const dashboard = JSON.parse(readFileSync(join(dir, 'grafana-dashboard.json'), 'utf8')) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };
    const used = [
      ...rules.groups.flatMap((g) =>
        g.rules.map((r) => ({ where: `alert ${r.alert}`, expr: String(r.expr) })),
      ),
      ...dashboard.panels.flatMap((p) => p.targets.map((x) => ({ where: `panel ${p.title}`, expr: x.expr }))),
    ];
    expect(used.length).toBeGreaterThan(20);
    const text = await scrape();
    const declared = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    const missing = used.flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((name) => !declared.has(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(missing).toEqual([]);
  });
});
