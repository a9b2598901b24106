// Starts the built all-in-one on the embedded default in a throwaway data folder, waits for it,
// signs in as the demo admin and lists tickets: what a newcomer's `npm start` does, on this Node.js.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';

const build = process.argv[2];
const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

// An OTLP/HTTP JSON receiver: the production build must trace its own statements when asked to.
const spans = [];
const receiver = createHttpServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    try {
      for (const rs of JSON.parse(body).resourceSpans ?? [])
        for (const ss of rs.scopeSpans ?? [])
          for (const span of ss.spans ?? []) spans.push(`${ss.scope?.name} ${span.name}`);
    } catch {
      spans.push('unreadable export');
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
}).listen(0, '127.0.0.1');
await new Promise((resolve) => receiver.once('listening', resolve));

const port = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'helpdesk-lts-'));
const base = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, [join(build, 'dist/apps/all-in-one/src/main.js')], {
  cwd: build,
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.address().port}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '200',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (d) => (output += d));
child.stderr.on('data', (d) => (output += d));
const exited = new Promise((resolve) => child.on('exit', resolve));

function fail(message) {
  console.error(`${message}\n--- process output ---\n${output}`);
  child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
}

try {
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) fail(`the help desk exited with ${child.exitCode} while starting`);
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok && output.includes('Demo users')) break;
    if (Date.now() > deadline) fail('the help desk did not become healthy within 4 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'admin@cst.example', password: 'cst-demo-2026' }),
  });
  if (!login.ok) fail(`sign-in answered ${login.status}: ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const tickets = await fetch(`${base}/api/tickets?limit=5`, { headers: { cookie } });
  const body = await tickets.json();
  if (!tickets.ok || !Array.isArray(body.items) || body.items.length === 0) {
    fail(`GET /api/tickets answered ${tickets.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
  const traced = Date.now() + 15_000;
  const has = (prefix) => spans.some((s) => s.startsWith(prefix));
  while (
    !(has('@opentelemetry/instrumentation-pg') && has('@opentelemetry/instrumentation-http')) &&
    Date.now() < traced
  ) {
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!has('@opentelemetry/instrumentation-pg') || !has('@opentelemetry/instrumentation-http')) {
    fail(
      `no PostgreSQL and HTTP spans exported over OTLP (got ${spans.length}: ${[...new Set(spans)].slice(0, 5).join(', ')})`,
    );
  }
  console.log(
    `embedded default on Node.js ${process.version}: healthy, signed in, ${body.items.length} tickets listed, ${spans.length} spans exported`,
  );
} finally {
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  receiver.close();
}
