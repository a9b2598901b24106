import { APP_CONFIG, AppConfig } from '@app/config';
import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';

import { createDataSource, EntityList } from './data-source.factory';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { runMigrationsLocked } from './migrate';
import { retryWhileUnavailable } from './retry-while-unavailable';

export interface DatabaseModuleOptions {
  /** Apply pending migrations once connected (the api does; workers do not). */
  runMigrations: boolean;
  /** The entities the primary connection maps, given by the runtime. */
  entities: EntityList;
}

export const DATABASE_ENGINE = Symbol('DATABASE_ENGINE');

/**
 * The connection the reports read through: a read replica when REPORTS_DATABASE_URL is set (the
 * heavy yearly aggregates then never compete with the agents' writes), else the primary. It only
 * reads; a replica's few seconds of lag are harmless to a monthly report.
 */
export const REPORTING_DATA_SOURCE = Symbol('REPORTING_DATA_SOURCE');

/** What the start banner and the health check say about the database. */
export interface DatabaseEngineInfo {
  kind: 'postgresql' | 'embedded';
  location: string;
  embedded?: EmbeddedPostgres;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REPORTING_DATA_SOURCE) private readonly reporting: DataSource,
    @Inject(DATABASE_ENGINE) private readonly engine: DatabaseEngineInfo,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.reporting !== this.dataSource && this.reporting.isInitialized) await this.reporting.destroy();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.engine.embedded?.stop();
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DATABASE_ENGINE,
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig): Promise<DatabaseEngineInfo> => {
            if (config.DATABASE_URL) return { kind: 'postgresql', location: redact(config.DATABASE_URL) };
            const embedded = await startEmbeddedPostgres({
              dataDir: config.DATA_DIR,
              port: config.EMBEDDED_DB_PORT,
            });
            return { kind: 'embedded', location: embedded.location, embedded };
          },
        },
        {
          provide: DataSource,
          inject: [APP_CONFIG, DATABASE_ENGINE],
          useFactory: async (config: AppConfig, engine: DatabaseEngineInfo) => {
            const url = config.DATABASE_URL ?? engine.embedded!.url;
            // PGlite is one session behind a multiplexer that keeps a transaction's messages
            // together but interleaves the extended-protocol messages of concurrent connections
            // outside transactions ("unnamed prepared statement does not exist"), so the embedded
            // engine gets one connection: every query in turn.
            const single = engine.kind === 'embedded';
            const connect = async (): Promise<DataSource> => {
              const dataSource = createDataSource({
                url,
                poolSize: single ? 1 : config.DATABASE_POOL_SIZE,
                entities: options.entities,
              });
              try {
                await dataSource.initialize();
                if (options.runMigrations && config.RUN_MIGRATIONS) {
                  // The advisory lock holds a second connection; one embedded process is already
                  // guaranteed by the data directory's pid file.
                  const applied = single
                    ? await dataSource.runMigrations({ transaction: 'each' })
                    : await runMigrationsLocked(dataSource);
                  if (applied.length) {
                    new Logger('Database').log(
                      `Applied migrations: ${applied.map((m) => m.name).join(', ')}`,
                    );
                  }
                }
                return dataSource;
              } catch (error) {
                if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
                throw error;
              }
            };
            try {
              // A process started while PostgreSQL restarts (or before it is up, as after a host
              // reboot) waits for it instead of exiting; a wrong password or database still fails at once.
              return single
                ? await connect()
                : await retryWhileUnavailable(connect, config.DATABASE_CONNECT_WAIT_SECONDS * 1000);
            } catch (error) {
              await engine.embedded?.stop();
              throw error;
            }
          },
        },
        {
          provide: REPORTING_DATA_SOURCE,
          inject: [APP_CONFIG, DataSource],
          useFactory: async (config: AppConfig, primary: DataSource): Promise<DataSource> => {
            if (!config.REPORTS_DATABASE_URL || !config.DATABASE_URL) return primary;
            const replica = createDataSource({
              url: config.REPORTS_DATABASE_URL,
              poolSize: config.REPORTS_DATABASE_POOL_SIZE,
              entities: options.entities,
            });
            await retryWhileUnavailable(
              () => replica.initialize(),
              config.DATABASE_CONNECT_WAIT_SECONDS * 1000,
            );
            new Logger('Database').log(`Reports read from ${redact(config.REPORTS_DATABASE_URL)}`);
            return replica;
          },
        },
        DatabaseLifecycle,
      ],
      exports: [DataSource, REPORTING_DATA_SOURCE, DATABASE_ENGINE],
    };
  }
}
