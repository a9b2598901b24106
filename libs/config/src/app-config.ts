import { isIP } from 'node:net';

import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  validateSync,
} from 'class-validator';

import { groupRolesProblem } from './group-roles';

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];
/** Unknown words stay strings so that validation names them instead of reading them as false. */
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '' || typeof value === 'boolean')
    return value === '' ? undefined : value;
  const word = String(value).toLowerCase();
  return TRUE_WORDS.includes(word) ? true : FALSE_WORDS.includes(word) ? false : value;
};
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** The names Express (proxy-addr) knows for address ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** One TRUST_PROXY entry: a range name, an address, or an address/prefix. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY as Express's `trust proxy` reads it: false (the default: X-Forwarded-For is ignored),
 * a number of proxy hops, or the proxies' addresses, subnets and range names. `true` (trust every
 * hop) is deliberately not accepted: anyone could then choose the address rate limits see.
 */
export function trustProxySetting(value: string | undefined): false | number | string[] {
  if (value === undefined || value.trim() === '') return false;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  return value.split(',').map((entry) => entry.trim());
}

function isTrustProxy(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) >= 1 && Number(value.trim()) <= 10;
  return value.split(',').every((entry) => isProxyEntry(entry.trim()));
}

/**
 * Every environment variable the help desk reads, validated once at boot.
 * `.env.example` documents each of them; keep the two in step.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  HOST = '127.0.0.1';

  /** PostgreSQL connection string; without it an embedded PostgreSQL (PGlite) keeps data in DATA_DIR. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must start with postgres:// or postgresql://' })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** How long a starting process waits for an unreachable PostgreSQL before giving up (0: not at all). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  DATABASE_CONNECT_WAIT_SECONDS = 60;

  /** A read replica of DATABASE_URL for the reports (optional; without it they read the primary). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'REPORTS_DATABASE_URL must start with postgres:// or postgresql://',
  })
  REPORTS_DATABASE_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  REPORTS_DATABASE_POOL_SIZE = 5;

  /**
   * How far back an agent may date a call logged afterwards on the phone intake form (hours; 0: no
   * limit). A week covers a call taken on Friday and logged after a long weekend; older contacts
   * belong in the history import, not in today's SLA figures.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(8760)
  INTAKE_BACKDATE_HOURS = 168;

  /**
   * Whether agents may put tags that are not on the admins' list on a ticket (issue 19.5). Off by
   * default: a closed list keeps the report by tag readable (no "stampante" next to "stampanti").
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  TICKETS_FREE_TAGS = false;

  /** Where the embedded engine keeps its files. */
  @IsOptional()
  @IsString()
  DATA_DIR = './data';

  /** Loopback port of the embedded engine; 0 picks a free one. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_DB_PORT = 0;

  /** Port of the Prometheus `GET /metrics` of this process (api or worker); empty: not served. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  /** Address the metrics port binds to: loopback unless the Prometheus server is elsewhere. */
  @IsOptional()
  @IsString()
  METRICS_HOST = '127.0.0.1';

  /**
   * How long a stopping process (SIGTERM) lets requests in progress and the job in hand finish
   * before it cuts them; keep it below the orchestrator's own grace period.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600)
  SHUTDOWN_TIMEOUT_SECONDS = 25;

  /** Redis connection string; without it jobs run in-process. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL?: string;

  /** Redis Sentinel: "host:port,host:port"; the master then comes from them, REDIS_URL gives password, db and TLS. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[^,:\s]+(:\d+)?(\s*,\s*[^,:\s]+(:\d+)?)*$/, {
    message: 'REDIS_SENTINELS must be host:port[,host:port...]',
  })
  REDIS_SENTINELS?: string;

  /** The master's name as the Sentinels know it. */
  @IsOptional()
  @IsString()
  REDIS_SENTINEL_NAME = 'mymaster';

  @IsOptional()
  @IsString()
  QUEUE_PREFIX = 'helpdesk';

  /** The api applies pending migrations at start unless this is false. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  RUN_MIGRATIONS = true;

  /** Seed demo data into an empty database (default: only on the embedded engine, never in production). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO?: boolean;

  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** A level per module (the logger's context): "MailIngest=debug,HTTP=warn"; admins change them at runtime. */
  @IsOptional()
  @Matches(
    /^\s*[\w.-]+\s*=\s*(fatal|error|warn|log|debug|verbose)\s*(,\s*[\w.-]+\s*=\s*(fatal|error|warn|log|debug|verbose)\s*)*$/,
    {
      message:
        'LOG_LEVELS must be Context=level pairs separated by commas (levels: fatal, error, warn, log, debug, verbose)',
    },
  )
  LOG_LEVELS?: string;

  /** JSON lines (the default in production and tests) or pretty lines for a terminal (the default in development). */
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  /** Write the log lines to this file (JSON, appended) instead of standard output. */
  @IsOptional()
  @IsString()
  LOG_FILE?: string;

  /** Folder of calendars/*.json and sla/*.json, seeded into the database when missing there. */
  @IsOptional()
  @IsString()
  CONFIG_DIR = './config';

  /** SMTP server for outbound mail; without it mails are written as .eml files under DATA_DIR/outbox. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  SMTP_HOST?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT = 587;

  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SMTP_SECURE = false;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  SMTP_PASSWORD?: string;

  /** The sender of every outbound mail. */
  @IsOptional()
  @Matches(/^(.*<)?[^@<>\s]+@[^@<>\s]+>?$/, {
    message: 'MAIL_FROM must be an address, optionally "Name <address>"',
  })
  MAIL_FROM = 'Help desk CST <helpdesk@cst.example>';

  /** The tag before the ticket number in subjects: "[CST 2026-000123]". */
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,20}$/, { message: 'MAIL_SUBJECT_TAG must be 1-20 letters, digits or -' })
  MAIL_SUBJECT_TAG = 'CST';

  /** Attachments above this size are refused (the sender is told). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAIL_MAX_ATTACHMENT_MB = 10;

  /** A reply to a ticket resolved up to this many days ago reopens it; later it opens a new, linked ticket. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  MAIL_REOPEN_DAYS = 14;

  /** Acknowledgements to one sender per hour, against mail storms and loops. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  MAIL_ACK_LIMIT_PER_HOUR = 5;

  /** How often a mailbox without IDLE is polled, and the longest IDLE before a fresh check. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  MAIL_POLL_SECONDS = 30;

  /** Key (32 bytes, base64 or hex) that encrypts mailbox passwords at rest; the embedded default keeps one in DATA_DIR. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message: 'SECRETS_KEY must be 32 bytes as 64 hex digits or base64',
  })
  SECRETS_KEY?: string;

  /** The first admin, created on an empty database (both required in production until one exists). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[^@\s]+@[^@\s]+$/, { message: 'ADMIN_EMAIL must be an e-mail address' })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  ADMIN_PASSWORD?: string;

  /** A session ends this long after sign-in, however active. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_HOURS = 12;

  /** A session left unused this long ends. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES = 120;

  /**
   * How long a process may answer from its memory who is behind a session cookie, instead of
   * asking the database on every request (0: always ask). A sign-out, a revocation, a role or
   * activity change reaches every replica within about a second whatever this is: each process
   * polls the auth_change table, which triggers fill.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  SESSION_CACHE_SECONDS = 10;

  /** Consecutive wrong passwords that lock an account, and for how long. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(3)
  @Max(100)
  LOGIN_LOCK_AFTER = 10;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCK_MINUTES = 15;

  /**
   * Staff sign-in through LDAP / Active Directory (empty: local accounts only). ldap://host:389 or
   * ldaps://host:636; LDAP_START_TLS upgrades an ldap:// connection; LDAP_CA_FILE is the PEM of the
   * CA that signed the directory's certificate (default: the system's CAs).
   */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^ldaps?:\/\/[^/\s]+\/?$/, {
    message: 'LDAP_URL must be ldap://host[:port] or ldaps://host[:port]',
  })
  LDAP_URL?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  LDAP_START_TLS = false;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  LDAP_CA_FILE?: string;

  /** The service account that searches users and groups (empty: anonymous search). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  LDAP_BIND_DN?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  LDAP_BIND_PASSWORD?: string;

  /** Where users are searched (e.g. ou=people,dc=ente,dc=it); required with LDAP_URL. */
  @ValidateIf((o: EnvironmentVariables) => !!o.LDAP_URL)
  @IsString({ message: 'LDAP_USER_BASE is required with LDAP_URL' })
  @IsNotEmpty({ message: 'LDAP_USER_BASE is required with LDAP_URL' })
  LDAP_USER_BASE?: string;

  /** The user search; {login} is the sign-in name, escaped. AD: (&(objectClass=user)(sAMAccountName={login})). */
  @IsOptional()
  @Matches(/\{login\}/, { message: 'LDAP_USER_FILTER must contain {login}' })
  @Matches(/^\(.*\)$/, { message: 'LDAP_USER_FILTER must be an LDAP filter in parentheses' })
  LDAP_USER_FILTER = '(|(uid={login})(mail={login}))';

  @IsOptional()
  @IsString()
  LDAP_NAME_ATTRIBUTE = 'cn';

  @IsOptional()
  @IsString()
  LDAP_EMAIL_ATTRIBUTE = 'mail';

  /** Where groups are searched (default LDAP_USER_BASE). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  LDAP_GROUP_BASE?: string;

  /** Active Directory: follow groups inside groups (LDAP_MATCHING_RULE_IN_CHAIN). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  LDAP_NESTED_GROUPS = false;

  /**
   * Directory groups to roles: "<group DN> => <role>" separated by ";", an ente referent as
   * "<group DN> => ente_referent:<ente code>,...". A user in no mapped group is refused. Required
   * with LDAP_URL.
   */
  @ValidateIf((o: EnvironmentVariables) => !!o.LDAP_URL || o.LDAP_GROUP_ROLES !== undefined)
  @ValidateBy({
    name: 'isGroupRoles',
    validator: {
      validate: (value: unknown) => groupRolesProblem(value) === null,
      defaultMessage: (args) =>
        groupRolesProblem(args?.value) ?? 'LDAP_GROUP_ROLES is required with LDAP_URL',
    },
  })
  LDAP_GROUP_ROLES?: string;

  /** Connection and per-operation limit: a directory that is down or silent is a quick 503, never a hang. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  LDAP_TIMEOUT_MS = 5_000;

  /**
   * Staff sign-in through OpenID Connect (Keycloak, Entra ID...): the issuer whose discovery
   * document (/.well-known/openid-configuration) is read. Empty: no sign-in button. The client
   * must be registered with the redirect URI PUBLIC_URL/api/auth/oidc/callback.
   */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/\S+$/, { message: 'OIDC_ISSUER must be an http(s) URL' })
  OIDC_ISSUER?: string;

  @ValidateIf((o: EnvironmentVariables) => !!o.OIDC_ISSUER)
  @IsString({ message: 'OIDC_CLIENT_ID is required with OIDC_ISSUER' })
  @IsNotEmpty({ message: 'OIDC_CLIENT_ID is required with OIDC_ISSUER' })
  OIDC_CLIENT_ID?: string;

  @ValidateIf((o: EnvironmentVariables) => !!o.OIDC_ISSUER)
  @IsString({ message: 'OIDC_CLIENT_SECRET is required with OIDC_ISSUER' })
  @IsNotEmpty({ message: 'OIDC_CLIENT_SECRET is required with OIDC_ISSUER' })
  OIDC_CLIENT_SECRET?: string;

  @IsOptional()
  @Matches(/(^|\s)openid(\s|$)/, { message: 'OIDC_SCOPES must include openid' })
  OIDC_SCOPES = 'openid profile email';

  /** The ID token claim that lists the user's groups (Keycloak's group mapper: "groups"). */
  @IsOptional()
  @IsString()
  OIDC_GROUPS_CLAIM = 'groups';

  /** Groups to roles, as LDAP_GROUP_ROLES ("/helpdesk/agents => agent; ..."). Required with OIDC_ISSUER. */
  @ValidateIf((o: EnvironmentVariables) => !!o.OIDC_ISSUER || o.OIDC_GROUP_ROLES !== undefined)
  @ValidateBy({
    name: 'isOidcGroupRoles',
    validator: {
      validate: (value: unknown) => groupRolesProblem(value, 'OIDC_GROUP_ROLES') === null,
      defaultMessage: (args) =>
        groupRolesProblem(args?.value, 'OIDC_GROUP_ROLES') ?? 'OIDC_GROUP_ROLES is required with OIDC_ISSUER',
    },
  })
  OIDC_GROUP_ROLES?: string;

  /** The sign-in button's text (e.g. "Accedi con SPID aziendale"); empty: the UI's own, per language. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  OIDC_BUTTON_LABEL?: string;

  /** What a Nagios RECOVERY does to the ticket of its problem: a note only, or resolve it. */
  @IsOptional()
  @IsIn(['note', 'resolve'])
  MONITORING_ON_RECOVERY: 'note' | 'resolve' = 'resolve';

  /**
   * Nagios's status.dat (its `status_file`), read by the worker to reconcile the help desk's open
   * problems with Nagios's own state (a lost notification is repaired); empty: no reconciliation.
   */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  NAGIOS_STATUS_FILE?: string;

  /** The public request form (/richiesta): a form sent back sooner than this is shown again, seconds. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600)
  PUBLIC_FORM_MIN_FILL_SECONDS = 3;

  /** Requests the public form takes from one client address per hour. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  PUBLIC_FORM_PER_ADDRESS_PER_HOUR = 10;

  /** Requests the public form takes for one e-mail address per day. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  PUBLIC_FORM_PER_EMAIL_PER_DAY = 5;

  /** Requests the public form takes from everyone together per minute; past it, a wait of the minute. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  PUBLIC_FORM_BURST_PER_MINUTE = 30;

  /** How long the link confirming a public request stays valid, hours (then the request is deleted). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  PUBLIC_FORM_CONFIRM_HOURS = 48;

  /** How long a citizen's follow link stays valid from when it was mailed, days (every answer mails a fresh one). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  PUBLIC_FOLLOW_LINK_DAYS = 90;

  /** Files one public request may carry (each up to MAIL_MAX_ATTACHMENT_MB). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(20)
  PUBLIC_FORM_MAX_FILES = 5;

  /**
   * Nagios's current log (its `log_file`, nagios.log), followed by the worker with the
   * reconciliation: the state changes Nagios logged and never notified (a flapping object, a
   * notification lost) are stored, so that availability agrees with Nagios's. Empty: not followed.
   */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  NAGIOS_LOG_FILE?: string;

  /**
   * How old a line of NAGIOS_LOG_FILE must be before it is read, seconds: the notification of a
   * fresh change gets there first and does the work (a ticket); the log only fills in.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  NAGIOS_LOG_SETTLE_SECONDS = 120;

  /** How often the worker reconciles from NAGIOS_STATUS_FILE, seconds. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(3600)
  NAGIOS_RECONCILE_SECONDS = 60;

  /**
   * Nagios acknowledgement authors mapped to staff e-mails ("nagiosadmin=mario.rossi@cst.example,
   * ops=anna@cst.example"): an ACK by a mapped author takes charge of the problem's ticket on that
   * user's behalf (when nobody has yet). Empty: an ACK is only noted.
   */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^\s*[^=,\s]+\s*=\s*[^@\s,]+@[^@\s,]+\s*(,\s*[^=,\s]+\s*=\s*[^@\s,]+@[^@\s,]+\s*)*$/, {
    message: 'MONITORING_ACK_AUTHORS must be author=email pairs separated by commas',
  })
  MONITORING_ACK_AUTHORS?: string;

  /**
   * The load balancers or reverse proxies in front of the api, whose X-Forwarded-For is believed:
   * their addresses or subnets ("10.0.0.5,10.0.1.0/24"), loopback/linklocal/uniquelocal, or the
   * number of hops (1-10). Empty: the connection's address is the client's.
   */
  @IsOptional()
  @Transform(emptyToUndefined)
  @ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: isTrustProxy,
      defaultMessage: () =>
        'TRUST_PROXY must be proxy addresses or subnets (a.b.c.d[/n], IPv6, loopback, linklocal, uniquelocal) separated by commas, or a hop count 1-10',
    },
  })
  TRUST_PROXY?: string;

  /** Public URL of the UI/API, printed in the banner and used in links (default http://HOST:PORT). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\//, { message: 'PUBLIC_URL must start with http:// or https://' })
  PUBLIC_URL?: string;
}

export type AppConfig = Readonly<EnvironmentVariables> & {
  readonly embeddedDatabase: boolean;
  readonly inProcessQueue: boolean;
  readonly seedDemo: boolean;
};

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Validates the environment into a typed, frozen config; throws naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const raw: Record<string, unknown> = {};
  const optional = [
    'ADMIN_EMAIL',
    'ADMIN_PASSWORD',
    'DATABASE_URL',
    'REPORTS_DATABASE_URL',
    'REDIS_URL',
    'REDIS_SENTINELS',
    'SEED_DEMO',
    'PUBLIC_URL',
    'TRUST_PROXY',
    'SMTP_HOST',
    'SMTP_USER',
    'SMTP_PASSWORD',
    'SECRETS_KEY',
    'NAGIOS_STATUS_FILE',
    'NAGIOS_LOG_FILE',
    'MONITORING_ACK_AUTHORS',
    'LDAP_URL',
    'LDAP_CA_FILE',
    'LDAP_BIND_DN',
    'LDAP_BIND_PASSWORD',
    'LDAP_USER_BASE',
    'LDAP_GROUP_BASE',
    'LDAP_GROUP_ROLES',
    'OIDC_ISSUER',
    'OIDC_CLIENT_ID',
    'OIDC_CLIENT_SECRET',
    'OIDC_GROUP_ROLES',
    'OIDC_BUTTON_LABEL',
    'METRICS_PORT',
    'LOG_LEVELS',
    'LOG_FORMAT',
    'LOG_FILE',
  ];
  for (const key of [...known, ...optional]) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  const parsed = plainToInstance(EnvironmentVariables, raw);
  const errors = validateSync(parsed, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigValidationError(
      errors.map(
        (e) =>
          `${e.property}=${JSON.stringify(raw[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`,
      ),
    );
  }
  const embeddedDatabase = !parsed.DATABASE_URL;
  return Object.freeze({
    ...parsed,
    embeddedDatabase,
    inProcessQueue: !parsed.REDIS_URL,
    seedDemo: parsed.SEED_DEMO ?? (embeddedDatabase && parsed.NODE_ENV !== 'production'),
  });
}
