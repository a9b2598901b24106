import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

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

  /** Redis connection string; without it jobs run in-process. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL?: string;

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

  /** Folder of calendars/*.json and sla/*.json, seeded into the database when missing there. */
  @IsOptional()
  @IsString()
  CONFIG_DIR = './config';

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
  for (const key of [...known, 'DATABASE_URL', 'REDIS_URL', 'SEED_DEMO', 'PUBLIC_URL']) {
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
