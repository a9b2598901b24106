/*
 * `npm run bench`: runs every `bench:*` script of package.json one after the other (their own
 * output shown as it comes), collects the `BENCH_RESULT {json}` lines they print and ends with one
 * table of every figure, its baseline measured in the same run and the ratio. The figures are also
 * written as JSON to BENCH_RESULTS_FILE (default bench-results.json, git-ignored).
 * BENCH_ONLY=api,sweeper runs a subset; BENCH_TICKETS etc. pass through to the benchmarks.
 * Exits non-zero if a benchmark failed; speed itself is informational.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { BenchFigure, RESULT_PREFIX } from './bench-result';
import { printTable } from './bench-stats';

type Result = BenchFigure & { ratio: number };

const root = join(__dirname, '../..');
const outFile = process.env.BENCH_RESULTS_FILE ?? join(root, 'bench-results.json');
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());

function run(script: string): Promise<{ code: number; results: Result[] }> {
  return new Promise((resolve) => {
    const results: Result[] = [];
    const child = spawn('npm', ['run', '--silent', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith(RESULT_PREFIX))
          results.push(JSON.parse(line.slice(RESULT_PREFIX.length)) as Result);
      }
    });
    child.on('close', (code) => resolve({ code: code ?? 1, results }));
  });
}

function format(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(Math.abs(n) >= 10 ? 1 : 2);
}

async function main(): Promise<void> {
  const scripts = Object.keys(
    (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
      .scripts,
  )
    .filter((s) => s.startsWith('bench:'))
    .filter((s) => !only || only.includes(s.slice('bench:'.length)));
  const startedAt = new Date().toISOString();
  const runs: { script: string; exitCode: number; seconds: number; figures: Result[] }[] = [];
  for (const script of scripts) {
    console.log(`\n=== npm run ${script} ===`);
    const t0 = performance.now();
    const { code, results } = await run(script);
    runs.push({ script, exitCode: code, seconds: (performance.now() - t0) / 1000, figures: results });
  }

  const header = ['bench', 'figure', 'value', 'unit', 'baseline', 'baseline is', 'ratio'];
  const rows = runs.flatMap((r) =>
    r.figures.map((f) => [
      f.bench,
      f.figure,
      format(f.value),
      f.unit,
      format(f.baseline),
      f.baselineLabel,
      `${format(f.ratio)}x (${f.better} is better)`,
    ]),
  );
  console.log('\n=== All figures ===');
  printTable(header, rows, new Set([2, 4]));
  const failed = runs.filter((r) => r.exitCode !== 0);
  for (const r of failed) console.log(`FAILED: npm run ${r.script} exited with ${r.exitCode}.`);

  writeFileSync(
    outFile,
    `${JSON.stringify(
      {
        startedAt,
        finishedAt: new Date().toISOString(),
        node: process.version,
        tickets: process.env.BENCH_TICKETS ? Number(process.env.BENCH_TICKETS) : 'default',
        runs,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`Figures written to ${outFile}.`);
  if (failed.length > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
