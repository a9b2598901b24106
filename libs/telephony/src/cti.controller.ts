import { Roles, TokenScope } from '@app/auth';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';

import { CtiService } from './cti.service';
import { CtiEventDto } from './cti-event.dto';

/** The most CTI events one PBX address may post in a minute (see the route). */
export const CTI_EVENTS_PER_MINUTE = 600;

/** The PBX's side of the phone line. */
@ApiTags('telephony')
@Controller()
export class CtiController {
  constructor(private readonly cti: CtiService) {}

  @Post('cti/events')
  @HttpCode(200)
  // A flood is bounded per PBX address: 600 events a minute is 200 calls, four times the busiest
  // minute the service centre plans for (50 calls); past it a 429 with Retry-After, nothing stored.
  @Throttle({ default: { limit: CTI_EVENTS_PER_MINUTE, ttl: 60_000 } })
  @TokenScope('cti')
  @Roles('admin')
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiOperation({
    summary:
      'CTI event from the PBX (API token with the cti scope), JSON or form-encoded: newCall, answer or hangup; idempotent by callId and event, in any order',
  })
  event(@Body() dto: CtiEventDto) {
    return this.cti.record(dto);
  }
}
