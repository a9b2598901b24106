import { AppConfig } from '@app/config';
import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, WorkerFeaturesModule } from '@app/runtime';

@Module({})
export class WorkerModule {
  /** Workers never migrate: the api does, under a lock, before serving. */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot({ config, runMigrations: false }), WorkerFeaturesModule],
    };
  }
}
