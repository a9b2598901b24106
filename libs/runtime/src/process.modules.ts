import { AppConfig } from '@app/config';
import { DynamicModule, Module } from '@nestjs/common';

import { ApiFeaturesModule } from './api-features.module';
import { CoreModule } from './core.module';
import { WorkerFeaturesModule } from './worker-features.module';

/** An api process: HTTP only, migrating (under a lock) before it serves. */
@Module({})
export class ApiProcessModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ApiProcessModule,
      imports: [CoreModule.forRoot({ config, runMigrations: true }), ApiFeaturesModule],
    };
  }
}

/** A worker process: job consumers and schedules. Workers never migrate: the api does. */
@Module({})
export class WorkerProcessModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerProcessModule,
      imports: [CoreModule.forRoot({ config, runMigrations: false }), WorkerFeaturesModule],
    };
  }
}

/** api and worker in one process: the embedded default, and small installations. */
@Module({})
export class AllInOneProcessModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AllInOneProcessModule,
      imports: [CoreModule.forRoot({ config, runMigrations: true }), ApiFeaturesModule, WorkerFeaturesModule],
    };
  }
}
