import { HealthModule } from '@app/health';
import { SlaApiModule } from '@app/sla';
import { DemoModule, TicketsModule } from '@app/tickets';
import { Module } from '@nestjs/common';

/** What an api process serves (the HTTP side), without the process wiring. */
@Module({ imports: [TicketsModule, SlaApiModule, HealthModule, DemoModule] })
export class ApiFeaturesModule {}
