/**
 * A real directory for end-to-end tests: Debian's OpenLDAP (slapd), started unprivileged-style on
 * 127.0.0.1 and a free port with a throwaway configuration and database, like the Dovecot of
 * mail-servers.ts. Nothing of /etc/ldap's system setup is used except the schema files.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { Attribute, Change, Client } from 'ldapts';
import { freePort } from './mail-servers';

const execFileAsync = promisify(execFile);
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 20_000;

export const LDAP_SUFFIX = 'dc=ente,dc=example';
const ROOT_DN = `cn=admin,${LDAP_SUFFIX}`;
const ROOT_PASSWORD = 'root-secret-for-tests';

export interface LdapPerson {
  uid: string;
  name: string;
  mail?: string;
  password: string;
}

export interface LdapServer {
  readonly url: string;
  readonly port: number;
  readonly suffix: string;
  /** The service account the help desk binds with to search users and groups. */
  readonly serviceDn: string;
  readonly servicePassword: string;
  userDn(uid: string): string;
  groupDn(cn: string): string;
  addUser(person: LdapPerson): Promise<void>;
  /** Creates a groupOfNames (which needs at least one member: the service account stands in). */
  addGroup(cn: string, memberDns: string[]): Promise<void>;
  addMember(groupCn: string, memberDn: string): Promise<void>;
  removeMember(groupCn: string, memberDn: string): Promise<void>;
  logTail(): Promise<string>;
  /** Stops slapd; the port then refuses connections (the "directory down" case). */
  stop(): Promise<void>;
}

function findBinary(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  return (
    dirs
      .filter((dir) => dir.startsWith('/'))
      .map((dir) => join(dir, name))
      .find((file) => existsSync(file)) ?? null
  );
}

export function slapdAvailable(): boolean {
  return findBinary('slapd') !== null && findBinary('slapadd') !== null;
}

/**
 * The requireService convention for slapd: outside CI a missing binary skips loudly (false);
 * under CI=true it is a failure, never a silent skip.
 */
export function requireSlapd(): boolean {
  if (slapdAvailable()) return true;
  const message = 'Directory sign-in tests need OpenLDAP (Debian package slapd); slapd was not found';
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: this is a failure)`);
  console.warn(
    `\n!!! SKIPPED: ${message}. Install it with: apt-get install -y --no-install-recommends slapd ldap-utils !!!\n`,
  );
  return false;
}

function slapdConfig(dir: string): string {
  return [
    '# Written by libs/testing/src/ldap-server.ts: a throwaway slapd for one test run.',
    'include /etc/ldap/schema/core.schema',
    'include /etc/ldap/schema/cosine.schema',
    'include /etc/ldap/schema/inetorgperson.schema',
    'include /etc/ldap/schema/nis.schema',
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    // Passwords are only ever checked by a bind, never read back.
    'access to attrs=userPassword by self write by anonymous auth by * none',
    'access to * by users read by * none',
    'database mdb',
    'maxsize 16777216',
    `suffix "${LDAP_SUFFIX}"`,
    `rootdn "${ROOT_DN}"`,
    `rootpw ${ROOT_PASSWORD}`,
    `directory ${join(dir, 'data')}`,
    'index objectClass eq',
    'index uid,mail,member eq',
    '',
  ].join('\n');
}

function baseLdif(servicePassword: string): string {
  return [
    `dn: ${LDAP_SUFFIX}`,
    'objectClass: dcObject',
    'objectClass: organization',
    'o: Ente di prova',
    'dc: ente',
    '',
    `dn: ou=people,${LDAP_SUFFIX}`,
    'objectClass: organizationalUnit',
    'ou: people',
    '',
    `dn: ou=groups,${LDAP_SUFFIX}`,
    'objectClass: organizationalUnit',
    'ou: groups',
    '',
    `dn: ou=services,${LDAP_SUFFIX}`,
    'objectClass: organizationalUnit',
    'ou: services',
    '',
    `dn: cn=helpdesk,ou=services,${LDAP_SUFFIX}`,
    'objectClass: organizationalRole',
    'objectClass: simpleSecurityObject',
    'cn: helpdesk',
    `userPassword: ${servicePassword}`,
    '',
  ].join('\n');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts slapd on a free loopback port with an empty tree (people, groups, services). */
export async function startLdapServer(): Promise<LdapServer> {
  const slapd = findBinary('slapd');
  const slapadd = findBinary('slapadd');
  if (!slapd || !slapadd) throw new Error('slapd is not installed (Debian package slapd)');
  const dir = await mkdtemp(join(tmpdir(), 'slapd-test-'));
  await mkdir(join(dir, 'data'));
  const conf = join(dir, 'slapd.conf');
  await writeFile(conf, slapdConfig(dir));
  const servicePassword = 'service-secret-for-tests';
  const ldif = join(dir, 'base.ldif');
  await writeFile(ldif, baseLdif(servicePassword));
  await execFileAsync(slapadd, ['-f', conf, '-l', ldif]);

  const port = await freePort();
  const url = `ldap://${HOST}:${port}`;
  const logFile = join(dir, 'slapd.log');
  let log = '';
  // -d keeps slapd in the foreground (no daemon to chase), logging connection setup only.
  const child: ChildProcess = spawn(slapd, ['-f', conf, '-h', `${url}/`, '-d', 'stats'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const admin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ url, timeout: 5_000, connectTimeout: 5_000 });
    try {
      await client.bind(ROOT_DN, ROOT_PASSWORD);
      return await work(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  };

  const until = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`slapd exited at start:\n${log}`);
    try {
      await admin(async () => undefined);
      break;
    } catch (error) {
      if (Date.now() > until) {
        child.kill('SIGKILL');
        throw new Error(`slapd did not answer on ${url}: ${String(error)}\n${log}`);
      }
      await sleep(50);
    }
  }

  const serviceDn = `cn=helpdesk,ou=services,${LDAP_SUFFIX}`;
  const userDn = (uid: string) => `uid=${uid},ou=people,${LDAP_SUFFIX}`;
  const groupDn = (cn: string) => `cn=${cn},ou=groups,${LDAP_SUFFIX}`;
  return {
    url,
    port,
    suffix: LDAP_SUFFIX,
    serviceDn,
    servicePassword,
    userDn,
    groupDn,
    addUser: (p) =>
      admin((c) =>
        c.add(userDn(p.uid), {
          objectClass: ['inetOrgPerson'],
          uid: p.uid,
          cn: p.name,
          sn: p.name.split(' ').pop() ?? p.name,
          userPassword: p.password,
          ...(p.mail ? { mail: p.mail } : {}),
        }),
      ),
    addGroup: (cn, members) =>
      admin((c) =>
        c.add(groupDn(cn), { objectClass: ['groupOfNames'], cn, member: [serviceDn, ...members] }),
      ),
    addMember: (cn, member) =>
      admin((c) =>
        c.modify(
          groupDn(cn),
          new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [member] }) }),
        ),
      ),
    removeMember: (cn, member) =>
      admin((c) =>
        c.modify(
          groupDn(cn),
          new Change({
            operation: 'delete',
            modification: new Attribute({ type: 'member', values: [member] }),
          }),
        ),
      ),
    logTail: async () => log || (await readFile(logFile, 'utf8').catch(() => '')),
    stop: async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const deadline = Date.now() + 10_000;
        while (!exited && Date.now() < deadline) await sleep(25);
        if (!exited) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
