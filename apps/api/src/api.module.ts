import { AppConfig } from '@app/config';
import { ApiProcessModule } from '@app/runtime';
import { DynamicModule, Module } from '@nestjs/common';

/** The api app: the runtime's api process (libs/runtime), so that tests start the same one. */
@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return { module: ApiModule, imports: [ApiProcessModule.forRoot(config)] };
  }
}
