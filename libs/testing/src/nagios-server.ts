/**
 * A real Nagios Core 4 (Debian's nagios4-core) for end-to-end tests, as mail-servers.ts starts
 * Dovecot: its own configuration in a temporary folder, one second per interval
 * (interval_length=1), and checks whose state and output files control, so a test flips a host or
 * service and Nagios does the rest (SOFT/HARD, notifications, downtime, flapping) as in production.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { eventually } from './eventually';

const NAGIOS_BINARIES = ['/usr/sbin/nagios4', '/usr/sbin/nagios', '/usr/local/nagios/bin/nagios'];

export function nagiosBinary(): string | null {
  return NAGIOS_BINARIES.find((file) => existsSync(file)) ?? null;
}

/**
 * The requireService convention for Nagios: outside CI a missing binary skips loudly (false);
 * under CI=true it is a failure, never a silent skip.
 */
export function requireNagios(): boolean {
  if (nagiosBinary()) return true;
  const message =
    'Nagios tests need Nagios Core 4 (Debian package nagios4-core); the nagios4 binary was not found';
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: this is a failure)`);
  console.warn(
    `\n!!! SKIPPED: ${message}. Install it with: apt-get install -y --no-install-recommends nagios4-core !!!\n`,
  );
  return false;
}

export interface NagiosHostSpec {
  name: string;
  services?: string[];
  /** Flap detection with low thresholds (5%/10%), so a few flips make it flap; off otherwise. */
  flapping?: boolean;
}

export interface NagiosOptions {
  hosts: NagiosHostSpec[];
  /** `define command { ... }` blocks for the notifications (the README's, verbatim). */
  commandDefinitions: string;
  hostNotificationCommand: string;
  serviceNotificationCommand: string;
  /** $USERn$ macros (resource.cfg), e.g. { USER10: token }. */
  userMacros: Record<string, string>;
  /** Check attempts before a state is HARD (default 2). */
  maxCheckAttempts?: number;
  /** The instance's folder (from createNagiosDir(), so its status.dat can be configured first). */
  dir?: string;
}

/** An empty folder for a Nagios instance; its status file will be `<dir>/status.dat`. */
export async function createNagiosDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'nagios-'));
}

export interface NagiosServer {
  readonly dir: string;
  readonly statusFile: string;
  readonly logFile: string;
  /**
   * Sets what the next checks of `host` or `host/service` return: exit code and output bytes. For a
   * host, 2 is DOWN (Nagios counts a host's 1, WARNING, as UP).
   */
  set(object: string, code: number, output?: string | Buffer): Promise<void>;
  /** Sends an external command (`SCHEDULE_HOST_DOWNTIME;...`), stamped with the current time. */
  command(line: string): Promise<void>;
  /** Nagios's log so far (raw bytes). */
  log(): Promise<Buffer>;
  /** Waits until a log line matches; returns the line. */
  waitForLog(pattern: RegExp, what: string, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

const fileName = (object: string) => object.replace(/[^A-Za-z0-9_.-]/g, '_');

export async function startNagios(options: NagiosOptions): Promise<NagiosServer> {
  const binary = nagiosBinary();
  if (!binary) throw new Error('nagios4 is not installed');
  const dir = options.dir ?? (await createNagiosDir());
  const attempts = options.maxCheckAttempts ?? 2;
  const path = (name: string) => join(dir, name);
  await writeFile(
    path('check.sh'),
    // The exit code and the output come from files the test writes; printf keeps the bytes as they are.
    `#!/bin/sh\nf=${dir}/state/$1\ncode=$(cat "$f.code" 2>/dev/null || echo 0)\ncat "$f.out" 2>/dev/null || printf 'state %s\\n' "$code"\nexit "$code"\n`,
  );
  await chmod(path('check.sh'), 0o755);
  await mkdir(path('state'));
  await mkdir(path('checkresults'));
  await writeFile(
    path('resource.cfg'),
    Object.entries(options.userMacros)
      .map(([k, v]) => `$${k}$=${v}`)
      .join('\n') + '\n',
  );
  const always = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
    .map((d) => `  ${d} 00:00-24:00`)
    .join('\n');
  const common = (flapping?: boolean) =>
    `  check_interval 1\n  retry_interval 1\n  max_check_attempts ${attempts}\n  check_period always\n  notification_period always\n  notification_interval 0\n  contacts helpdesk\n` +
    (flapping
      ? `  flap_detection_enabled 1\n  low_flap_threshold 5\n  high_flap_threshold 10\n`
      : `  flap_detection_enabled 0\n`);
  const objects = [
    `define timeperiod {\n  timeperiod_name always\n  alias always\n${always}\n}`,
    `define command {\n  command_name check_file\n  command_line ${dir}/check.sh $ARG1$\n}`,
    options.commandDefinitions,
    `define contact {\n  contact_name helpdesk\n  host_notifications_enabled 1\n  service_notifications_enabled 1\n  host_notification_period always\n  service_notification_period always\n  host_notification_options d,u,r,f,s\n  service_notification_options w,u,c,r,f,s\n  host_notification_commands ${options.hostNotificationCommand}\n  service_notification_commands ${options.serviceNotificationCommand}\n}`,
    ...options.hosts.flatMap((h) => [
      `define host {\n  host_name ${h.name}\n  address 127.0.0.1\n  check_command check_file!${fileName(h.name)}\n  notification_options d,u,r,f,s\n${common(h.flapping)}}`,
      ...(h.services ?? []).map(
        (s) =>
          `define service {\n  host_name ${h.name}\n  service_description ${s}\n  check_command check_file!${fileName(`${h.name}/${s}`)}\n  notification_options w,u,c,r,f,s\n${common(false)}}`,
      ),
    ]),
  ].join('\n\n');
  await writeFile(path('objects.cfg'), objects + '\n');
  const root = process.getuid?.() === 0;
  // As root Nagios drops to nagios_user; unprivileged it runs as the current user.
  const user = root ? 'nagios' : (process.env.USER ?? 'nobody');
  const settings: Record<string, string | number> = {
    log_file: path('nagios.log'),
    cfg_file: path('objects.cfg'),
    resource_file: path('resource.cfg'),
    status_file: path('status.dat'),
    status_update_interval: 1,
    object_cache_file: path('objects.cache'),
    precached_object_file: path('objects.precache'),
    temp_file: path('nagios.tmp'),
    temp_path: dir,
    lock_file: path('nagios.lock'),
    state_retention_file: path('retention.dat'),
    retain_state_information: 0,
    check_result_path: path('checkresults'),
    command_file: path('nagios.cmd'),
    query_socket: path('nagios.qh'),
    check_external_commands: 1,
    nagios_user: user,
    nagios_group: root ? 'nagios' : user,
    interval_length: 1,
    log_rotation_method: 'n',
    use_syslog: 0,
    enable_flap_detection: 1,
    enable_notifications: 1,
    // What the README asks of the notification command: macros as environment variables.
    enable_environment_macros: 1,
    illegal_macro_output_chars: '`~$&|\'"<>',
    // A host check within 15 s of the last one would reuse its result: every check runs here.
    cached_host_check_horizon: 0,
    cached_service_check_horizon: 0,
    max_concurrent_checks: 0,
    service_inter_check_delay_method: 'n',
    host_inter_check_delay_method: 'n',
    max_service_check_spread: 1,
    max_host_check_spread: 1,
    check_workers: 1,
    log_notifications: 1,
    log_service_retries: 1,
    log_host_retries: 1,
    log_initial_states: 1,
    log_external_commands: 1,
    notification_timeout: 15,
  };
  await writeFile(
    path('nagios.cfg'),
    Object.entries(settings)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  if (root) await chownTree(dir, 'nagios');

  const output: string[] = [];
  const child: ChildProcess = spawn(binary, [path('nagios.cfg')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));

  const readLog = async () => readFile(path('nagios.log')).catch(() => Buffer.alloc(0));
  const server: NagiosServer = {
    dir,
    statusFile: path('status.dat'),
    logFile: path('nagios.log'),
    async set(object, code, text) {
      const base = path(`state/${fileName(object)}`);
      if (text !== undefined) await writeFile(`${base}.out`, text);
      await writeFile(`${base}.code`, `${code}\n`);
      if (root) {
        await chownTree(`${base}.code`, 'nagios');
        if (text !== undefined) await chownTree(`${base}.out`, 'nagios');
      }
    },
    async command(line) {
      await writeFile(path('nagios.cmd'), `[${Math.floor(Date.now() / 1000)}] ${line}\n`, { flag: 'a' });
    },
    log: readLog,
    async waitForLog(pattern, what, timeoutMs = 30_000) {
      return eventually(
        async () => {
          if (exited) throw new Error(`nagios exited:\n${output.join('')}`);
          return (await readLog())
            .toString('latin1')
            .split('\n')
            .find((l) => pattern.test(l));
        },
        `${what} in Nagios's log`,
        timeoutMs,
        100,
      );
    },
    async stop() {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
        if (!exited) child.kill('SIGKILL');
      }
      // NAGIOS_KEEP_DIR=1 keeps the configuration and log for a failing test's post-mortem.
      if (process.env.NAGIOS_KEEP_DIR === '1') console.warn(`Nagios folder kept: ${dir}`);
      else await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await server.waitForLog(/Successfully launched command file worker/, 'the start of Nagios', 20_000);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

async function chownTree(target: string, user: string): Promise<void> {
  const { uid, gid } = await idOf(user);
  await chown(target, uid, gid);
  if ((await stat(target)).isDirectory()) {
    for (const entry of await readdir(target)) await chownTree(join(target, entry), user);
  }
}

async function idOf(user: string): Promise<{ uid: number; gid: number }> {
  for (const line of (await readFile('/etc/passwd', 'utf8')).split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === user) return { uid: Number(uid), gid: Number(gid) };
  }
  throw new Error(`no user ${user}`);
}
