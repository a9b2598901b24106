/*
 * The benchmarks' data: N tickets (BENCH_TICKETS, default 1,000,000) received over 2016-2017 from
 * 30 entes and 20,000 requesters, on the e-mail, phone and web channels, with their timelines
 * (created, taken in charge, resolved), their SLA clocks (SLA.6, SLA.7) and, for the tickets still
 * in the queue, their assignee and nearest due instant. Set-based: a few statements, not a million
 * round trips. Needs the active SLA policy seeded first (SlaRegistry.seedFromConfig()).
 */
import { DataSource } from 'typeorm';

export const DEFAULT_TICKETS = 1_000_000;

/** How many tickets a benchmark generates: BENCH_TICKETS, else the first argument, else 1,000,000. */
export function benchTickets(): number {
  const n = Number(process.env.BENCH_TICKETS ?? process.argv[2] ?? DEFAULT_TICKETS);
  if (!Number.isInteger(n) || n < 1000) throw new Error(`BENCH_TICKETS must be an integer >= 1000, got ${n}`);
  return n;
}

export interface GeneratedData {
  tickets: number;
  events: number;
  clocks: number;
  seconds: number;
  /** The agents the open tickets are assigned to (no session: the benchmark opens its own). */
  agentIds: string[];
}

/** Statuses by share: 0.2% new, 0.4% open, 2% redirected elsewhere, the rest resolved. */
export async function generateTickets(dataSource: DataSource, n: number): Promise<GeneratedData> {
  const t0 = performance.now();
  await dataSource.transaction(async (em) => {
    // Generation takes minutes at 1,000,000 tickets: no statement timeout.
    await em.query('SET LOCAL statement_timeout = 0');
    await generateIn(em, n);
  });
  await dataSource.query(`ANALYZE ticket; ANALYZE ticket_event; ANALYZE sla_clock; ANALYZE contact`);
  const [{ events }] = await dataSource.query(`SELECT count(*)::int AS events FROM ticket_event`);
  const [{ clocks }] = await dataSource.query(`SELECT count(*)::int AS clocks FROM sla_clock`);
  const agents: { id: string }[] = await dataSource.query(
    `SELECT id FROM app_user WHERE email LIKE 'agent.%@bench.example' ORDER BY email`,
  );
  return {
    tickets: n,
    events,
    clocks,
    seconds: (performance.now() - t0) / 1000,
    agentIds: agents.map((a) => a.id),
  };
}

async function generateIn(ds: { query: DataSource['query'] }, n: number): Promise<void> {
  await ds.query(
    `INSERT INTO ente (code, name, kind) SELECT 'E' || g, 'Comune ' || g, 'comune' FROM generate_series(1, 30) g`,
  );
  await ds.query(`INSERT INTO contact (name, email, phone, ente_id)
    SELECT 'Richiedente ' || g, 'richiedente' || g || '@comune.example', '055' || lpad(g::text, 7, '0'),
           (array(SELECT id FROM ente ORDER BY code))[1 + g % 30]
      FROM generate_series(1, 20000) g`);
  await ds.query(`INSERT INTO app_user (email, name, role)
    SELECT 'agent.' || lpad(g::text, 2, '0') || '@bench.example', 'Operatore ' || g, 'agent'::user_role FROM generate_series(1, 20) g
    UNION ALL
    SELECT 'supervisor.' || g || '@bench.example', 'Supervisore ' || g, 'supervisor'::user_role FROM generate_series(1, 3) g`);
  const [policy] = await ds.query(`SELECT id FROM sla_policy WHERE active`);
  await ds.query(`CREATE TEMP TABLE gen ON COMMIT DROP AS
    SELECT g AS i, gen_random_uuid() AS id,
           timestamptz '2016-01-01 07:00+01' + (random() * interval '730 days') AS received_at,
           (ARRAY['email','email','email','phone','phone','web'])[1 + (g % 6)]::ticket_channel AS channel,
           random() AS r, (array(SELECT id FROM ente ORDER BY code))[1 + g % 30] AS ente_id,
           (array(SELECT id FROM contact ORDER BY email))[1 + g % 20000] AS requester_id,
           (array(SELECT id FROM app_user WHERE role = 'agent' ORDER BY email))[1 + g % 20] AS agent_id
      FROM generate_series(1, ${n}) g`);
  await ds.query(`INSERT INTO ticket (id, number, channel, status, subject, requester_id, ente_id, assignee_id, received_at,
                                      taken_in_charge_at, first_answered_at, resolved_at, redirected_to, next_due_at,
                                      sla_policy_id, created_at, updated_at)
    SELECT id, extract(year FROM received_at)::int || '-' || lpad(i::text, 7, '0'), channel,
           (CASE WHEN r < 0.002 THEN 'new' WHEN r < 0.006 THEN 'open' WHEN r < 0.026 THEN 'resolved_not_competent' ELSE 'resolved' END)::ticket_status,
           'Segnalazione ' || i, requester_id, ente_id, CASE WHEN r >= 0.002 THEN agent_id END, received_at,
           CASE WHEN r >= 0.002 THEN received_at + interval '25 minutes' END,
           CASE WHEN r >= 0.002 THEN received_at + interval '3 hours' END,
           CASE WHEN r >= 0.006 THEN received_at + interval '2 days' END,
           CASE WHEN r >= 0.006 AND r < 0.026 THEN 'Altro ente' END,
           CASE WHEN r < 0.002 THEN received_at + interval '60 minutes' END,
           '${policy.id}', received_at, received_at
      FROM gen`);
  await ds.query(`INSERT INTO ticket_event (ticket_id, type, occurred_at, recorded_at, payload)
    SELECT id, 'created', received_at, received_at, jsonb_build_object('channel', channel) FROM gen
    UNION ALL
    SELECT id, 'status_changed', received_at + interval '25 minutes', received_at, '{"from":"new","to":"open"}' FROM gen WHERE r >= 0.002
    UNION ALL
    SELECT id, 'status_changed', received_at + interval '2 days', received_at,
           jsonb_build_object('from', 'open', 'to', CASE WHEN r < 0.026 THEN 'resolved_not_competent' ELSE 'resolved' END)
      FROM gen WHERE r >= 0.006`);
  await ds.query(`INSERT INTO sla_clock (ticket_id, code, cycle, policy_id, calendar_code, target_minutes, target_kind, started_at,
                                         due_at, warn_at, stopped_at, elapsed_minutes, breached_at, state)
    SELECT id, code, 1, '${policy.id}', 'cst', target, 'minutes', received_at, received_at + target * interval '1 minute',
           received_at + target * interval '0.8 minute',
           CASE WHEN r >= 0.002 THEN received_at + took * interval '1 minute' END,
           CASE WHEN r >= 0.002 THEN took END,
           CASE WHEN r >= 0.002 AND took > target THEN received_at + target * interval '1 minute' END,
           (CASE WHEN r < 0.002 THEN 'running' WHEN took > target THEN 'breached' ELSE 'met' END)::sla_clock_state
      FROM gen, LATERAL (VALUES ('SLA.6', 60, 5 + (r * 1000)::int % 70), ('SLA.7', 360, 30 + (r * 7000)::int % 380)) v(code, target, took)`);
}
