/**
 * Debian's Dovecot as the real IMAP server a mailbox is read from in end-to-end tests: private,
 * on 127.0.0.1 and a free port, so several can run at once and none touches the system's port 143.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, open, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

import { ImapFlow } from 'imapflow';

import { freePort } from './free-port';

const execFileAsync = promisify(execFile);

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;

export interface DovecotServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The instance's own folder: dovecot.conf, dovecot.log, run/, state/ and mail/<user>. */
  readonly dir: string;
  /** False between kill() and start(), and after stop(). */
  readonly running: boolean;
  /** Stores one raw RFC 5322 message (APPEND), creating no folder: see createFolder(). */
  append(raw: Buffer | string, folder?: string, flags?: string[]): Promise<void>;
  /** Stores several messages over one IMAP connection, in order. */
  appendMany(raws: Array<Buffer | string>, folder?: string): Promise<void>;
  /** Creates a folder ('/' separates levels); an existing one is left alone. */
  createFolder(name: string): Promise<void>;
  /** Number of messages in the folder, as STATUS reports it. */
  count(folder?: string): Promise<number>;
  /** The last lines of the instance's log, for failure messages. */
  logTail(lines?: number): Promise<string>;
  /** Graceful shutdown and start again: same port, same mail, same UIDVALIDITY. */
  restart(): Promise<void>;
  /** Drops the server like a crash (SIGKILL to the whole process tree); the mail stays on disk. */
  kill(): Promise<void>;
  /** Starts the server again after kill() on the same port and mail; a no-op while running. */
  start(): Promise<void>;
  /** Shuts the server down and deletes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

let dovecotBinary: string | null | undefined;

/** Debian puts dovecot in /usr/sbin, which a non-root PATH often lacks: look there too. */
function findDovecot(): string | null {
  if (dovecotBinary !== undefined) return dovecotBinary;
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  dovecotBinary = dirs.map((dir) => join(dir, 'dovecot')).find((file) => fileExists(file)) ?? null;
  return dovecotBinary;
}

/** Absolute paths only: an empty PATH entry would otherwise mean the current directory. */
function fileExists(file: string): boolean {
  return file.startsWith('/') && existsSync(file);
}

function findDoveadm(): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'];
  return dirs.map((dir) => join(dir, 'doveadm')).find((file) => fileExists(file)) ?? 'doveadm';
}

/** True when the dovecot binary is installed (Debian package dovecot-imapd). */
export function dovecotAvailable(): boolean {
  return findDovecot() !== null;
}

/**
 * The requireService convention for Dovecot: outside CI a missing binary skips loudly (false);
 * under CI=true it is a failure, never a silent skip.
 */
export function requireDovecot(): boolean {
  if (dovecotAvailable()) return true;
  const message = 'IMAP tests need Dovecot (Debian package dovecot-imapd); the dovecot binary was not found';
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: this is a failure)`);
  console.warn(
    `\n!!! SKIPPED: ${message}. Install it with: apt-get install -y --no-install-recommends dovecot-imapd !!!\n`,
  );
  return false;
}

interface Account {
  name: string;
  uid: number;
  gid: number;
}

/** /etc/passwd lookup by name, so uid/gid are numbers for chown and names for dovecot.conf. */
function passwdEntry(name: string): Account | undefined {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name) return { name, uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

function groupName(gid: number): string {
  for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
    const [name, , id] = line.split(':');
    if (Number(id) === gid && name) return name;
  }
  return String(gid);
}

interface Privileges {
  /** Lines for the top of dovecot.conf. */
  settings: string[];
  /** Per-service overrides (inside `service x { }`). */
  imapLogin: string[];
  anvil: string[];
  mail: Account;
}

/**
 * As root (CI here), the master stays root but dovecot refuses to run login processes as root and
 * mail processes below first_valid_uid: logins run as dovenull, internal services as dovecot and
 * the mailbox as nobody. Without root nothing can change user, so every role is the current user
 * and the login chroot (a root-only call) is turned off.
 */
function privileges(): Privileges {
  const uid = process.getuid?.() ?? -1;
  if (uid === 0) {
    const mail = passwdEntry('nobody') ?? { name: 'nobody', uid: 65534, gid: 65534 };
    return {
      settings: [
        'default_login_user = dovenull',
        'default_internal_user = dovecot',
        'mail_privileged_group = mail',
      ],
      imapLogin: [],
      anvil: [],
      mail,
    };
  }
  const me = userInfo();
  const group = groupName(me.gid);
  return {
    settings: [
      `default_login_user = ${me.username}`,
      `default_internal_user = ${me.username}`,
      `default_internal_group = ${group}`,
    ],
    imapLogin: ['chroot ='],
    anvil: ['chroot ='],
    mail: { name: me.username, uid: me.uid, gid: me.gid },
  };
}

function dovecotConfig(dir: string, port: number, password: string, p: Privileges): string {
  const mailRoot = join(dir, 'mail');
  return [
    '# Written by libs/testing/src/mail-servers.ts: a throwaway Dovecot for one test run.',
    '# Deliberately no !include of /etc/dovecot: nothing of the system setup may leak in.',
    `instance_name = dovecot-test-${port}`,
    `base_dir = ${join(dir, 'run')}`,
    `state_dir = ${join(dir, 'state')}`,
    `log_path = ${join(dir, 'dovecot.log')}`,
    `info_log_path = ${join(dir, 'dovecot.log')}`,
    'protocols = imap',
    `listen = ${HOST}`,
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    ...p.settings,
    // dovecot refuses mail uids outside this range; the default floor (500) would refuse system users
    `first_valid_uid = ${p.mail.uid}`,
    `last_valid_uid = ${p.mail.uid}`,
    `mail_location = maildir:${mailRoot}/%u`,
    // '/' as the hierarchy separator, like most servers the help desk will meet
    'namespace inbox {',
    '  inbox = yes',
    '  separator = /',
    '}',
    'passdb {',
    '  driver = static',
    `  args = password=${password}`,
    '}',
    'userdb {',
    '  driver = static',
    `  args = uid=${p.mail.uid} gid=${p.mail.gid} home=${mailRoot}/%u`,
    '}',
    'service imap-login {',
    ...p.imapLogin.map((line) => `  ${line}`),
    '  inet_listener imap {',
    `    address = ${HOST}`,
    `    port = ${port}`,
    '  }',
    // the default imaps listener would take port 993
    '  inet_listener imaps {',
    '    port = 0',
    '  }',
    '}',
    'service anvil {',
    ...p.anvil.map((line) => `  ${line}`),
    '}',
    '',
  ].join('\n');
}

/** Alive and not a zombie: a daemonised master is reaped by whoever adopted it, maybe late. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** The master and every process below it, read from /proc (children outlive a SIGKILLed master). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      } catch {
        // the process ended while we looked
      }
    }
  } catch {
    return [root];
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One IMAP exchange on a raw socket: the real greeting (dovecot first says "Waiting for
 * authentication process" while auth starts), LOGIN, LOGOUT. Proves login, auth and mail
 * processes all work, not just that the port is open.
 */
function imapProbe(port: number, user: string, password: string, timeoutMs = 3_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: HOST, port });
    let buffer = '';
    let loggedIn = false;
    const timer = setTimeout(() => finish(new Error(`no IMAP answer in ${timeoutMs} ms`)), timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setEncoding('utf8');
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish(new Error(`connection closed; got: ${buffer.trim() || 'nothing'}`)));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (const line of buffer.split('\r\n').slice(0, -1)) {
        if (!loggedIn && /^\* OK \[CAPABILITY /.test(line)) {
          loggedIn = true;
          socket.write(`a LOGIN "${user}" "${password}"\r\n`);
        } else if (/^a OK/.test(line)) {
          socket.end('b LOGOUT\r\n');
          finish();
          return;
        } else if (/^a (NO|BAD)/.test(line) || /^\* BYE/.test(line)) {
          finish(new Error(`IMAP said: ${line}`));
          return;
        }
      }
      buffer = buffer.slice(buffer.lastIndexOf('\r\n') + 2);
    });
  });
}

/** True once the process is gone (or a zombie), false if it is still running after the timeout. */
async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > until) return false;
    await sleep(25);
  }
  return true;
}

/** Resolves once nothing accepts connections on the port any more. */
async function waitPortClosed(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: HOST, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (!open) return;
    await sleep(50);
  }
  throw new Error(`port ${port} still accepts connections after ${timeoutMs} ms`);
}

/**
 * Instances still running, so a test file that forgets stop() does not leave daemons behind. The
 * 'exit' hook exists only while one runs: every spec file loads this module afresh, and a listener
 * per file would trip Node's max-listeners warning.
 */
const liveInstances = new Set<DovecotInstance>();
const killLiveInstances = () => {
  for (const instance of liveInstances) instance.killSync();
};

function track(instance: DovecotInstance, live: boolean): void {
  const before = liveInstances.size;
  if (live) liveInstances.add(instance);
  else liveInstances.delete(instance);
  if (!before && liveInstances.size) process.on('exit', killLiveInstances);
  if (before && !liveInstances.size) process.off('exit', killLiveInstances);
}

class DovecotInstance implements DovecotServer {
  readonly host = HOST;
  readonly user = 'helpdesk';
  readonly password = 'helpdesk-test';
  private masterPid: number | undefined;
  private removed = false;

  constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  private get configFile(): string {
    return join(this.dir, 'dovecot.conf');
  }

  private get pidFile(): string {
    return join(this.dir, 'run', 'master.pid');
  }

  get running(): boolean {
    return this.masterPid !== undefined && alive(this.masterPid);
  }

  async logTail(lines = 30): Promise<string> {
    const log = await readFile(join(this.dir, 'dovecot.log'), 'utf8').catch(() => '(no log written)');
    return log.trimEnd().split('\n').slice(-lines).join('\n');
  }

  /**
   * Runs `dovecot -c FILE`, which daemonises. Its output goes to a file, not a pipe: the daemon keeps
   * the stderr it inherited, so a pipe would stay open and execFile would wait for it until timeout.
   */
  private async launch(): Promise<void> {
    const outFile = join(this.dir, 'dovecot.stderr');
    const out = await open(outFile, 'w');
    try {
      const exit = await new Promise<number | string | null>((resolve, reject) => {
        const child = spawn(findDovecot() ?? 'dovecot', ['-c', this.configFile], {
          stdio: ['ignore', out.fd, out.fd],
        });
        child.once('error', reject);
        child.once('exit', (code, signal) => resolve(code ?? signal));
      });
      if (exit !== 0) {
        const output = (await readFile(outFile, 'utf8')).trim();
        throw new Error(
          `dovecot -c ${this.configFile} exited with ${exit}: ${output}\n--- log ---\n${await this.logTail()}`,
        );
      }
    } finally {
      await out.close();
    }
  }

  async start(): Promise<void> {
    if (this.removed) throw new Error('this Dovecot was stopped for good; start a new one');
    if (this.running) return;
    // a master that died on its own leaves its pid behind; never wait on that one
    this.masterPid = undefined;
    await this.launch();
    track(this, true);
    const until = Date.now() + START_TIMEOUT_MS;
    let lastError: unknown;
    while (Date.now() < until) {
      // the forked master writes its pid file after the launcher has exited: read it until it is there
      this.masterPid ??= await this.readPid();
      if (this.masterPid !== undefined) {
        try {
          await imapProbe(this.port, this.user, this.password);
          return;
        } catch (error) {
          lastError = error;
        }
        if (!alive(this.masterPid)) break;
      }
      await sleep(100);
    }
    const tail = await this.logTail();
    await this.kill().catch(() => undefined);
    throw new Error(
      `Dovecot on ${HOST}:${this.port} did not become ready: ${(lastError as Error)?.message ?? 'master exited'}\n` +
        `--- ${join(this.dir, 'dovecot.log')} ---\n${tail}`,
    );
  }

  /**
   * Graceful: `doveadm stop`, falling back to SIGTERM on the master. doveadm returns only once the
   * master pid is gone, which includes the time until whoever adopted the daemon reaps it (seconds
   * in a container whose init reaps lazily); a zombie master has already let go of the port, so
   * whichever comes first ends the wait.
   */
  private async shutdown(): Promise<void> {
    const pid = this.masterPid;
    if (pid !== undefined && alive(pid)) {
      const doveadm = execFileAsync(findDoveadm(), ['-c', this.configFile, 'stop'], {
        timeout: STOP_TIMEOUT_MS,
      });
      const stopped = await Promise.race([
        doveadm.then(
          () => true,
          () => false,
        ),
        waitGone(pid, STOP_TIMEOUT_MS),
      ]);
      if (!stopped) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
        if (!(await waitGone(pid, STOP_TIMEOUT_MS))) {
          await this.kill();
          return;
        }
      }
    }
    this.masterPid = undefined;
    track(this, false);
    await waitPortClosed(this.port, STOP_TIMEOUT_MS);
  }

  private async readPid(): Promise<number | undefined> {
    const pid = Number((await readFile(this.pidFile, 'utf8').catch(() => '')).trim());
    return pid > 0 && alive(pid) ? pid : undefined;
  }

  async kill(): Promise<void> {
    const pid = this.masterPid ?? (await this.readPid());
    if (pid !== undefined) {
      for (const member of processTree(pid)) {
        try {
          process.kill(member, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await waitGone(pid, STOP_TIMEOUT_MS);
    }
    this.masterPid = undefined;
    track(this, false);
    // a stale pid file could name an unrelated process by the next start()
    await unlink(this.pidFile).catch(() => undefined);
    await waitPortClosed(this.port, STOP_TIMEOUT_MS);
  }

  /** For the process 'exit' hook, where nothing asynchronous runs any more. */
  killSync(): void {
    if (this.masterPid !== undefined) {
      for (const member of processTree(this.masterPid)) {
        try {
          process.kill(member, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  async restart(): Promise<void> {
    await this.shutdown();
    await this.start();
  }

  async stop(): Promise<void> {
    if (this.removed) return;
    try {
      await this.shutdown();
    } finally {
      this.removed = true;
      track(this, false);
      await rm(this.dir, { recursive: true, force: true });
    }
  }

  private async withClient<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: HOST,
      port: this.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: this.user, pass: this.password },
      logger: false,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
    });
    // without a listener a dropped connection is an uncaught 'error' that kills the test process
    let socketError: Error | undefined;
    client.on('error', (error: Error) => {
      socketError = error;
    });
    try {
      await client.connect();
      return await work(client);
    } catch (error) {
      throw socketError && error !== socketError
        ? Object.assign(error as Error, { cause: socketError })
        : error;
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  async append(raw: Buffer | string, folder = 'INBOX', flags?: string[]): Promise<void> {
    await this.withClient(async (client) => {
      if (!(await client.append(folder, raw, flags))) throw new Error(`APPEND to ${folder} failed`);
    });
  }

  async appendMany(raws: Array<Buffer | string>, folder = 'INBOX'): Promise<void> {
    await this.withClient(async (client) => {
      for (const raw of raws) {
        if (!(await client.append(folder, raw))) throw new Error(`APPEND to ${folder} failed`);
      }
    });
  }

  async createFolder(name: string): Promise<void> {
    await this.withClient(async (client) => {
      await client.mailboxCreate(name);
    });
  }

  async count(folder = 'INBOX'): Promise<number> {
    return this.withClient(async (client) => {
      const status = await client.status(folder, { messages: true });
      if (!status || status.messages === undefined) throw new Error(`STATUS ${folder} failed`);
      return status.messages;
    });
  }
}

/**
 * Starts a private Dovecot (IMAP only, plaintext, static password) in a fresh temp folder on a
 * free port of 127.0.0.1. Call stop() in afterAll: the master is a daemon, not a child process.
 */
export async function startDovecot(): Promise<DovecotServer> {
  if (!dovecotAvailable()) throw new Error('dovecot is not installed (apt-get install dovecot-imapd)');
  const p = privileges();
  let lastError: unknown;
  // another process may grab the free port between freePort() and dovecot's bind: try a new one
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = await mkdtemp(join(tmpdir(), 'helpdesk-dovecot-'));
    try {
      // mkdtemp gives 0700; the unprivileged mail process must reach mail/ below it
      await chmod(dir, 0o711);
      await mkdir(join(dir, 'run'));
      await mkdir(join(dir, 'state'));
      await mkdir(join(dir, 'mail'));
      await chown(join(dir, 'mail'), p.mail.uid, p.mail.gid);
      const port = await freePort();
      const instance = new DovecotInstance(dir, port);
      await writeFile(join(dir, 'dovecot.conf'), dovecotConfig(dir, port, instance.password, p));
      await instance.start();
      return instance;
    } catch (error) {
      lastError = error;
      await rm(dir, { recursive: true, force: true });
      if (!/Address already in use/.test(String((error as Error).message))) throw error;
    }
  }
  throw lastError;
}
