import { MIGRATIONS } from '@app/migrations';
import { DataSource, DataSourceOptions } from 'typeorm';

/** The entity classes TypeORM maps: the runtime's list (libs/runtime ENTITIES); this library knows no domain. */
export type EntityList = NonNullable<DataSourceOptions['entities']>;

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  logging?: boolean;
  /** None for a connection that only migrates or runs SQL. */
  entities?: EntityList;
}

/** The one DataSource shape shared by the apps, the CLI and the tests. Never `synchronize`. */
export function createDataSource({
  url,
  poolSize = 10,
  logging = false,
  entities = [],
}: DataSourceSettings): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    // gen_random_uuid() is built into PostgreSQL 13+; the embedded engine has no extensions to install.
    installExtensions: false,
    // Off by default: failed queries carry citizens' data in their parameters.
    logging: logging ? ['error', 'warn', 'migration'] : false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5_000,
      // A statement that hangs must not hold a connection forever.
      statement_timeout: 30_000,
      application_name: 'helpdesk',
    },
  });
}
