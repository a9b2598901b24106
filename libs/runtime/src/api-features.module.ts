import { AuthModule } from '@app/auth';
import { IdempotencyModule } from '@app/common';
import { HealthModule } from '@app/health';
import { MailApiModule, MailCoreModule } from '@app/mail';
import { MetricsApiModule } from '@app/metrics';
import { MonitoringModule } from '@app/monitoring';
import { OutagesModule } from '@app/outages';
import { PortalModule } from '@app/portal';
import { PrivacyModule } from '@app/privacy';
import { ReportingModule } from '@app/reporting';
import { SlaApiModule } from '@app/sla';
import { TelephonyModule } from '@app/telephony';
import { DemoModule, TicketsModule } from '@app/tickets';
import { Module } from '@nestjs/common';

import { LogLevelsController } from './logging';

/** What an api process serves (the HTTP side), without the process wiring. */
@Module({
  imports: [
    AuthModule,
    IdempotencyModule,
    MailCoreModule,
    TicketsModule,
    SlaApiModule,
    MailApiModule,
    ReportingModule,
    MonitoringModule,
    OutagesModule,
    TelephonyModule,
    PrivacyModule,
    PortalModule,
    HealthModule,
    MetricsApiModule,
    DemoModule,
  ],
  controllers: [LogLevelsController],
})
export class ApiFeaturesModule {}
