import { AppConfig } from '@app/config';
import { WorkerProcessModule } from '@app/runtime';
import { DynamicModule, Module } from '@nestjs/common';

/** The worker app: the runtime's worker process (libs/runtime), so that tests start the same one. */
@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [WorkerProcessModule.forRoot(config)] };
  }
}
