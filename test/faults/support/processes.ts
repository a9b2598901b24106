/**
 * The production build run as real processes: `node apps/api/src/main.js` and
 * `node apps/worker/src/main.js`, as `npm run start:api` / `start:worker` run them.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { eventually } from '@app/testing/eventually';
import { freePort } from '@app/testing/mail-servers';

const execFileAsync = promisify(execFile);
export const ROOT = join(__dirname, '..', '..', '..');

/** tsc + tsc-alias into a temp folder that resolves packages from the project's node_modules. */
export async function buildProduction(): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'helpdesk-faults-build-'));
  const bin = join(ROOT, 'node_modules', '.bin');
  await execFileAsync(join(bin, 'tsc'), ['-p', 'tsconfig.build.json', '--outDir', out], { cwd: ROOT });
  await execFileAsync(join(bin, 'tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', out], { cwd: ROOT });
  await symlink(join(ROOT, 'node_modules'), join(out, 'node_modules'));
  return out;
}

export interface AppProcess {
  readonly role: 'api' | 'worker';
  readonly child: ChildProcess;
  /** The api's base URL (api only). */
  readonly url: string;
  /** The last things the process logged (stdout and stderr), for failure messages. */
  readonly output: string[];
  readonly exited: boolean;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

function launch(role: 'api' | 'worker', env: NodeJS.ProcessEnv, url = ''): AppProcess {
  const build = process.env.FAULTS_BUILD_DIR;
  if (!build) throw new Error('The fault global setup did not build the project (FAULTS_BUILD_DIR)');
  const child = spawn(process.execPath, [join(build, 'apps', role, 'src', 'main.js')], {
    // cwd is the project, so CONFIG_DIR=./config holds; a .env there must not leak in: every
    // variable the test cares about is set explicitly.
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      output.push(chunk);
      if (output.length > 200) output.shift();
    });
  }
  return {
    role,
    child,
    url,
    output,
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
    kill: (signal: NodeJS.Signals = 'SIGKILL') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** Starts an api process on a free port and waits until GET /api/health answers 200. */
export async function startApi(env: NodeJS.ProcessEnv): Promise<AppProcess> {
  const port = await freePort();
  const api = launch('api', { ...env, PORT: String(port), HOST: '127.0.0.1' }, `http://127.0.0.1:${port}`);
  await eventually(
    async () => {
      if (api.exited) throw new Error(`api exited: ${api.output.join('')}`);
      const res = await fetch(`${api.url}/api/health`).catch(() => undefined);
      return res?.status === 200 ? true : undefined;
    },
    `the api on ${port} to answer its health check`,
    60_000,
    200,
  );
  return api;
}

export function startWorker(env: NodeJS.ProcessEnv): AppProcess {
  return launch('worker', env);
}

/** Waits until a worker printed its start banner: consumers and schedules are running. */
export async function workerStarted(worker: AppProcess): Promise<void> {
  await eventually(
    () => {
      if (worker.exited) throw new Error(`worker exited: ${worker.output.join('')}`);
      return worker.output.join('').includes('Help desk CST') ? true : undefined;
    },
    'the worker to print its start banner',
    60_000,
    200,
  );
}
