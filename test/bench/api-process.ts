/*
 * The api (./api-server) in its own process, so that a load generator does not share its event
 * loop: bench:api and bench:day start it the same way, as `npm run start:api` would run it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ApiProcess {
  url: string;
  process: ChildProcess;
}

/**
 * Starts the api on `databaseUrl`; `env` adds to or overrides its environment (REDIS_URL: empty
 * by default, jobs in-process). BENCH_API_PROFILE=DIR: the api writes a V8 CPU profile there when
 * it exits (open it in Chrome DevTools).
 */
export async function startApi(databaseUrl: string, env: Record<string, string> = {}): Promise<ApiProcess> {
  const profile = process.env.BENCH_API_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, join(__dirname, 'api-server.js')], {
    env: {
      ...process.env,
      // The heap cap `npm run start:api` gives the api in production, so the figures are its own.
      NODE_OPTIONS: `${productionHeapCap()} ${process.env.NODE_OPTIONS ?? ''}`.trim(),
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      SEED_DEMO: 'false',
      RUN_MIGRATIONS: 'false',
      REDIS_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = Number(await readyLine(child, /LISTENING (\d+)/, 'api'));
  return { url: `http://127.0.0.1:${port}`, process: child };
}

/** `--max-old-space-size=N` as package.json's start:api script sets it ('' without one). */
function productionHeapCap(): string {
  const scripts = (
    JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  return /--max-old-space-size=\d+/.exec(scripts['start:api'] ?? '')?.[0] ?? '';
}

/** Resolves with the first capture group once the child prints `pattern`; rejects if it exits first. */
export function readyLine(child: ChildProcess, pattern: RegExp, name: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = pattern.exec(out);
      if (match) resolve(match[1] ?? match[0]);
    });
    child.once('exit', (code) =>
      reject(new Error(`${name} exited with ${code} before it was ready: ${out}`)),
    );
  });
}

/** SIGTERM, then waits for the exit (a profile, if asked for, is written on the way out). */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * The process's resident memory in MB, now and at its peak since the last `resetPeakRss` (Linux:
 * VmRSS and VmHWM of /proc/PID/status); null where /proc is not there.
 */
export function residentMemory(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Starts a new peak for `residentMemory` (writing 5 to clear_refs resets VmHWM; needs the process's owner). */
export function resetPeakRss(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not Linux, or not allowed: the peak then runs from the process's start.
  }
}
