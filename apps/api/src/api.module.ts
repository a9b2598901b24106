import { AppConfig } from '@app/config';
import { DynamicModule, Module } from '@nestjs/common';
import { ApiFeaturesModule, CoreModule } from '@app/runtime';

@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [CoreModule.forRoot({ config, runMigrations: true }), ApiFeaturesModule],
    };
  }
}
