import { HealthModule } from '@app/health';
import { DemoModule, TicketsModule } from '@app/tickets';
import { Module } from '@nestjs/common';

/** What an api process serves (the HTTP side), without the process wiring. */
@Module({ imports: [TicketsModule, HealthModule, DemoModule] })
export class ApiFeaturesModule {}
