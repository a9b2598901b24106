import { Roles } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

export class IntakeSettingsResponse {
  @ApiProperty({
    example: 168,
    description: 'How far back (hours) a call logged afterwards may be dated; 0: no limit',
  })
  backdateHours!: number;
}

/** The rules of the phone intake form, so the form offers only the call times the api accepts. */
@ApiTags('tickets')
@Controller('settings')
export class IntakeSettingsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('intake')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: 'The phone intake rules: how far back a call logged afterwards may be dated' })
  @ApiOkResponse({ type: IntakeSettingsResponse })
  intake(): IntakeSettingsResponse {
    return { backdateHours: this.config.INTAKE_BACKDATE_HOURS };
  }
}
