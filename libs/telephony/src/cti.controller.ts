import { Roles, TokenScope } from '@app/auth';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CtiService } from './cti.service';
import { CtiEventDto } from './cti-event.dto';

/** The PBX's side of the phone line. */
@ApiTags('telephony')
@Controller()
export class CtiController {
  constructor(private readonly cti: CtiService) {}

  @Post('cti/events')
  @HttpCode(200)
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
