import { Module } from '@nestjs/common';
import { CtiController } from './cti.controller';
import { CtiService } from './cti.service';
import { PhoneCallRepository } from './phone-call.repository';

/** The phone line joined to the help desk (issue 24): CTI events in, calls and their callers. */
@Module({
  providers: [PhoneCallRepository, CtiService],
  controllers: [CtiController],
  exports: [PhoneCallRepository, CtiService],
})
export class TelephonyModule {}
