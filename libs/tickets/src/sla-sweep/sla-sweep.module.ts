import { SlaCoreModule } from '@app/sla';
import { Module } from '@nestjs/common';

import { TicketWriterModule } from '../writer/ticket-writer.module';
import { SlaSweepJob } from './sla-sweep.job';
import { SlaSweeperService } from './sla-sweeper.service';

/** The worker side of the SLA: the sweeper marks clocks at risk and breached and tells the timeline. */
@Module({
  imports: [SlaCoreModule, TicketWriterModule],
  providers: [SlaSweeperService, SlaSweepJob],
  exports: [SlaSweeperService],
})
export class SlaSweepModule {}
