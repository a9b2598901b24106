import { AppConfig } from '@app/config';
import { ApiFeaturesModule, CoreModule, WorkerFeaturesModule } from '@app/runtime';
import { DynamicModule, Module } from '@nestjs/common';

/** api and worker in one process: the embedded default, and small installations. */
@Module({})
export class AllInOneModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AllInOneModule,
      imports: [CoreModule.forRoot({ config, runMigrations: true }), ApiFeaturesModule, WorkerFeaturesModule],
    };
  }
}
