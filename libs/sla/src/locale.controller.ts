import { Roles } from '@app/auth';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

import { SlaRegistry } from './sla-registry.service';

export class LocaleDto {
  @ApiProperty({ example: 'Europe/Rome', description: "IANA zone of the active policy's default calendar" })
  zone!: string;

  @ApiProperty({ example: 'cst-firenze', description: "Code of the active policy's default calendar" })
  calendar!: string;
}

/**
 * Where the service centre's days and months are counted: the UI reads its local zone here instead
 * of naming one, so dates on screen follow the same calendar as the reports and the ticket numbers.
 */
@ApiTags('sla')
@Controller('settings')
export class LocaleController {
  constructor(private readonly registry: SlaRegistry) {}

  @Get('locale')
  // Everyone who signs in to the UI shows dates, referents included.
  @Roles('admin', 'supervisor', 'agent', 'ente_referent')
  @ApiOperation({ summary: "The local zone and calendar: the active policy's default calendar" })
  @ApiOkResponse({ type: LocaleDto })
  async locale(): Promise<LocaleDto> {
    // defaultCalendar() throws when no policy is active (never, once seeded at start).
    const zone = (await this.registry.defaultCalendar()).timeZone;
    const policy = await this.registry.activePolicy();
    return { zone, calendar: policy!.definition.defaultCalendar };
  }
}
