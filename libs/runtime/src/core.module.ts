import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { MetricsModule } from '@app/metrics';
import { QueueModule } from '@app/queue';
import { DynamicModule, Module } from '@nestjs/common';

import { ENTITIES } from './entities';
import { LoggingModule } from './logging';

export interface CoreOptions {
  /** An already validated config (tests, CLI); otherwise process.env is validated. */
  config?: AppConfig;
  runMigrations: boolean;
}

/** Configuration, database, queue and metrics: what every process of the help desk stands on. */
@Module({})
export class CoreModule {
  static forRoot(options: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(options.config),
        DatabaseModule.forRoot({ runMigrations: options.runMigrations, entities: ENTITIES }),
        QueueModule,
        MetricsModule,
        LoggingModule,
      ],
    };
  }
}
