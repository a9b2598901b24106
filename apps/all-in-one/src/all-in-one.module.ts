import { AppConfig } from '@app/config';
import { AllInOneProcessModule } from '@app/runtime';
import { DynamicModule, Module } from '@nestjs/common';

/** api and worker in one process: the runtime's all-in-one process (libs/runtime). */
@Module({})
export class AllInOneModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return { module: AllInOneModule, imports: [AllInOneProcessModule.forRoot(config)] };
  }
}
