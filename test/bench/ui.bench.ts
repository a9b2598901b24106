/*
 * npm run bench:ui — the agents' queue in Debian's Chromium: 200 rows, every row's SLA countdown
 * ticking each second. Measured with the browser's own performance API (no wall-clock guesses):
 * the cost of each tick's re-render (performance.measure around it), long tasks, and the frame
 * intervals while it ticks, against the same browser drawing frames on an empty page in the same
 * run (the floor: what the machine gives any page).
 */
import 'reflect-metadata';

import { hashPassword } from '@app/auth';
import { loadConfig } from '@app/config';
import { configureHttpApp } from '@app/runtime';
import { buildWebUi, launchBrowser } from '@app/testing/browser';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';

import { ApiModule } from '../../apps/api/src/api.module';
import { admin, benchServerUrl, withDatabase } from './bench-database';
import { printResult } from './bench-result';

const ROWS = 200;
const SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 15);
const PASSWORD = 'bench-ui-password-2026';

interface PageFigures {
  ticks: number[];
  frames: number[];
  longTasks: number[];
}

/** Runs in the page: collects tick measures, frame intervals and long tasks for `ms`. */
const COLLECT = `(ms) => new Promise((resolve) => {
  const frames = [];
  const longTasks = [];
  performance.clearMeasures('countdown-tick');
  let observer = null;
  try {
    observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
    observer.observe({ type: 'longtask', buffered: false });
  } catch (e) {}
  let last = performance.now();
  const end = last + ms;
  const frame = (t) => {
    frames.push(t - last);
    last = t;
    if (t < end) requestAnimationFrame(frame);
    else {
      if (observer) observer.disconnect();
      const ticks = performance.getEntriesByName('countdown-tick').map((e) => e.duration);
      resolve({ ticks, frames, longTasks });
    }
  };
  requestAnimationFrame(frame);
})`;

function quantile(values: number[], q: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main(): Promise<void> {
  const database = `helpdesk_bench_ui_${process.pid}`;
  await admin(`CREATE DATABASE ${database}`);
  let app: INestApplication | undefined;
  const browser = await launchBrowser();
  if (!browser) throw new Error('bench:ui needs Chromium at /usr/bin/chromium (apt-get install chromium)');
  try {
    process.env.WEB_DIR = buildWebUi();
    const config = loadConfig({
      DATABASE_URL: withDatabase(benchServerUrl, database),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
    });
    app = configureHttpApp(await NestFactory.create(ApiModule.forRoot(config), { logger: ['error'] }));
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const dataSource = app.get(DataSource);
    const [agent] = await dataSource.query(
      `INSERT INTO app_user (email, name, role, active, password_hash)
       VALUES ('bench.ui@cst.example', 'Operatore Bench', 'agent', true, $1) RETURNING id`,
      [await hashPassword(PASSWORD)],
    );

    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'it-IT' });
    const page = await context.newPage();

    // The floor: the same browser drawing frames on an empty page.
    await page.goto('about:blank');
    const floor = (await page.evaluate(`(${COLLECT})(${SECONDS * 1000})`)) as PageFigures;

    await page.goto(base);
    await page.getByLabel('E-mail').fill('bench.ui@cst.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entra' }).click();
    await page.getByRole('heading', { name: 'Coda ticket' }).waitFor();
    // 200 open phone tickets with running clocks, registered through the api as agents do.
    const csrf = (
      (await page.evaluate(`fetch('/api/auth/me').then((r) => r.json())`)) as { csrfToken: string }
    ).csrfToken;
    for (let i = 0; i < ROWS; i++) {
      const status = await page.evaluate(
        `fetch('/api/tickets', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': ${JSON.stringify(csrf)} },
          body: JSON.stringify({ channel: 'phone', subject: 'Richiesta di prova ${i}', malfunction: ${i % 3 === 0},
            requester: { name: 'Cittadino ${i}', phone: '055 ${String(100000 + i)}' } }) }).then((r) => r.status)`,
      );
      if (status !== 201) throw new Error(`ticket ${i}: HTTP ${status}`);
    }
    const started = Date.now();
    await page.goto(`${base}/?limit=${ROWS}`);
    await page
      .locator('table.queue-table tbody tr')
      .nth(ROWS - 1)
      .waitFor();
    const firstRender = Date.now() - started;
    // Where the main thread's time goes while it ticks, from Chromium's own counters.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () =>
      Object.fromEntries(
        (
          (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
        ).metrics.map((m) => [m.name, m.value]),
      );
    let requests = 0;
    page.on('request', () => requests++);
    const before = await metrics();
    const ticking = (await page.evaluate(`(${COLLECT})(${SECONDS * 1000})`)) as PageFigures;
    const after = await metrics();
    page.removeAllListeners('request');
    const perSecond = (name: string) => (((after[name] ?? 0) - (before[name] ?? 0)) * 1000) / SECONDS;
    const countdowns = await page.locator('.clock[data-tone]').count();

    const frameFloor = quantile(floor.frames, 0.5);
    console.log(
      `\nbench:ui — ${ROWS} rows, ${countdowns} live countdowns, ${SECONDS} s of ticking, agent ${agent.id}`,
    );
    console.log(`  first render of the queue (navigation to ${ROWS} rows): ${firstRender} ms`);
    console.log(
      `  countdown tick (re-render of every clock): n=${ticking.ticks.length}, p50 ${quantile(ticking.ticks, 0.5).toFixed(2)} ms, p95 ${quantile(ticking.ticks, 0.95).toFixed(2)} ms, max ${Math.max(0, ...ticking.ticks).toFixed(2)} ms (frame budget ${frameFloor.toFixed(1)} ms)`,
    );
    console.log(
      `  frames while ticking: p50 ${quantile(ticking.frames, 0.5).toFixed(1)} ms, p99 ${quantile(ticking.frames, 0.99).toFixed(1)} ms, over 50 ms: ${ticking.frames.filter((f) => f > 50).length}; empty page: p50 ${frameFloor.toFixed(1)} ms, p99 ${quantile(floor.frames, 0.99).toFixed(1)} ms`,
    );
    console.log(
      `  main thread per second while ticking: script ${perSecond('ScriptDuration').toFixed(1)} ms, style ${perSecond('RecalcStyleDuration').toFixed(1)} ms, layout ${perSecond('LayoutDuration').toFixed(1)} ms, tasks ${perSecond('TaskDuration').toFixed(1)} ms`,
    );
    console.log(
      `  long tasks (>50 ms) while ticking: ${ticking.longTasks.length} (empty page: ${floor.longTasks.length}); requests while ticking: ${requests}`,
    );
    printResult({
      bench: 'ui',
      figure: `countdown tick p95, ${ROWS} rows`,
      value: quantile(ticking.ticks, 0.95),
      unit: 'ms',
      baseline: frameFloor,
      baselineLabel: 'one frame on an empty page (p50)',
      better: 'lower',
      details: { ticks: ticking.ticks.length, max: Math.max(0, ...ticking.ticks), countdowns },
    });
    printResult({
      bench: 'ui',
      figure: `frame interval p99 while ticking, ${ROWS} rows`,
      value: quantile(ticking.frames, 0.99),
      unit: 'ms',
      baseline: quantile(floor.frames, 0.99),
      baselineLabel: 'frame interval p99 on an empty page',
      better: 'lower',
      details: {
        framesOver50ms: ticking.frames.filter((f) => f > 50).length,
        longTasks: ticking.longTasks.length,
        firstRenderMs: firstRender,
      },
    });
    await context.close();
  } finally {
    await browser.close();
    await app?.close();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
