/**
 * A real directory for end-to-end tests: Debian's OpenLDAP (slapd), started unprivileged-style on
 * 127.0.0.1 and a free port with a throwaway configuration and database, like the Dovecot of
 * mail-servers.ts. Nothing of /etc/ldap's system setup is used except the schema files.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
  /** ldap:// (StartTLS is offered on it when started with tls). */
  readonly url: string;
  /** ldaps:// on a second port, when started with tls. */
  readonly ldapsUrl: string | null;
  /** The PEM file of the test CA that signed the server's certificate, when started with tls. */
  readonly caFile: string | null;
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
  /** Locks an account as an administrator does (ppolicy's pwdAccountLockedTime): binds then fail. */
  lockUser(uid: string): Promise<void>;
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

/**
 * A throwaway CA and a server certificate it signs for 127.0.0.1, made with the openssl command
 * line (a test may then trust the CA file, or not, and see the difference).
 */
async function makeCertificates(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  const ca = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca.key');
  const key = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const cert = join(dir, 'server.pem');
  const ext = join(dir, 'server.ext');
  const openssl = (args: string[]) => execFileAsync('openssl', args);
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    caKey,
    '-out',
    ca,
    '-days',
    '2',
    '-subj',
    '/CN=Helpdesk test CA',
  ]);
  await openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    '/CN=127.0.0.1',
  ]);
  await writeFile(ext, 'subjectAltName = IP:127.0.0.1, DNS:localhost\n');
  await openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    cert,
    '-days',
    '2',
    '-extfile',
    ext,
  ]);
  // slapd may drop privileges on some setups: the key must stay readable to it.
  await chmod(key, 0o644);
  return { ca, cert, key };
}

function slapdConfig(dir: string, tls: { ca: string; cert: string; key: string } | null): string {
  return [
    '# Written by libs/testing/src/ldap-server.ts: a throwaway slapd for one test run.',
    'include /etc/ldap/schema/core.schema',
    'include /etc/ldap/schema/cosine.schema',
    'include /etc/ldap/schema/inetorgperson.schema',
    'include /etc/ldap/schema/nis.schema',
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    // Password policy: an account an administrator locks (pwdAccountLockedTime) cannot bind.
    'moduleload ppolicy',
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    ...(tls
      ? [
          `TLSCACertificateFile ${tls.ca}`,
          `TLSCertificateFile ${tls.cert}`,
          `TLSCertificateKeyFile ${tls.key}`,
          // Nothing in the clear: a client that skipped StartTLS is refused, so a passing
          // StartTLS test proves the connection was encrypted.
          'security ssf=128',
        ]
      : []),
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
    'overlay ppolicy',
    `ppolicy_default "cn=default,ou=policies,${LDAP_SUFFIX}"`,
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
    `dn: ou=policies,${LDAP_SUFFIX}`,
    'objectClass: organizationalUnit',
    'ou: policies',
    '',
    `dn: cn=default,ou=policies,${LDAP_SUFFIX}`,
    'objectClass: organizationalRole',
    'objectClass: pwdPolicy',
    'cn: default',
    'pwdAttribute: userPassword',
    'pwdLockout: TRUE',
    'pwdMaxFailure: 0',
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

/**
 * Starts slapd on a free loopback port with an empty tree (people, groups, services); with tls,
 * also LDAPS on a second port and StartTLS on the first, with a certificate from a test CA.
 */
export async function startLdapServer({ tls = false }: { tls?: boolean } = {}): Promise<LdapServer> {
  const slapd = findBinary('slapd');
  const slapadd = findBinary('slapadd');
  if (!slapd || !slapadd) throw new Error('slapd is not installed (Debian package slapd)');
  const dir = await mkdtemp(join(tmpdir(), 'slapd-test-'));
  await mkdir(join(dir, 'data'));
  const conf = join(dir, 'slapd.conf');
  const certificates = tls ? await makeCertificates(dir) : null;
  await writeFile(conf, slapdConfig(dir, certificates));
  const servicePassword = 'service-secret-for-tests';
  const ldif = join(dir, 'base.ldif');
  await writeFile(ldif, baseLdif(servicePassword));
  await execFileAsync(slapadd, ['-f', conf, '-l', ldif]);

  const port = await freePort();
  const url = `ldap://${HOST}:${port}`;
  const ldapsUrl = tls ? `ldaps://${HOST}:${await freePort()}` : null;
  const logFile = join(dir, 'slapd.log');
  let log = '';
  // -d keeps slapd in the foreground (no daemon to chase), logging connection setup only.
  const child: ChildProcess = spawn(
    slapd,
    [
      '-f',
      conf,
      '-h',
      [url, ldapsUrl]
        .filter(Boolean)
        .map((u) => `${u}/`)
        .join(' '),
      '-d',
      'stats',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
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
    const client = new Client({
      url: ldapsUrl ?? url,
      timeout: 5_000,
      connectTimeout: 5_000,
      tlsOptions: certificates ? { ca: [await readFile(certificates.ca)] } : undefined,
    });
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
    ldapsUrl,
    caFile: certificates?.ca ?? null,
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
    lockUser: (uid) =>
      admin((c) =>
        c.modify(
          userDn(uid),
          new Change({
            operation: 'replace',
            modification: new Attribute({ type: 'pwdAccountLockedTime', values: ['000001010000Z'] }),
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
