import { SlaCoreModule } from '@app/sla';
import { Module } from '@nestjs/common';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [SlaCoreModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class DemoModule {}
