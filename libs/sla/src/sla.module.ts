import { Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';

import { LocaleController } from './locale.controller';
import { NotificationRepository } from './notification.repository';
import { PlannedClockRepository } from './planned-clock.repository';
import { SlaController } from './sla.controller';
import { SlaAdminController } from './sla-admin.controller';
import { SlaAdminService } from './sla-admin.service';
import { SlaClockRepository } from './sla-clock.repository';
import { SlaClockService } from './sla-clock.service';
import { SlaClockSweepRepository } from './sla-clock-sweep.repository';
import { SlaPolicyRepository } from './sla-policy.repository';
import { SlaReadService } from './sla-read.service';
import { SlaRegistry } from './sla-registry.service';

@Injectable()
class SlaSeed implements OnApplicationBootstrap {
  constructor(private readonly registry: SlaRegistry) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.registry.seedFromConfig();
  }
}

/** Clocks kept with the ticket; used by the tickets module inside its transactions. */
@Module({
  providers: [
    SlaRegistry,
    SlaPolicyRepository,
    SlaClockRepository,
    SlaClockService,
    SlaClockSweepRepository,
    PlannedClockRepository,
    SlaReadService,
    NotificationRepository,
  ],
  exports: [
    SlaRegistry,
    SlaPolicyRepository,
    SlaClockRepository,
    SlaClockService,
    SlaClockSweepRepository,
    PlannedClockRepository,
    SlaReadService,
    NotificationRepository,
    SlaPolicyRepository,
  ],
})
export class SlaCoreModule {}

/** The api side: seeding, the explain endpoint, notifications. */
@Module({
  imports: [SlaCoreModule],
  controllers: [SlaController, SlaAdminController, LocaleController],
  providers: [SlaSeed, SlaAdminService],
})
export class SlaApiModule {}
