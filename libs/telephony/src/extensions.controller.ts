import { Actor, AuditService, CurrentActor, Roles } from '@app/auth';
import { NotFoundError, ValidationError } from '@app/common';
import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

import { PhoneExtensionRepository } from './phone-extension.repository';

/** What a PBX calls an extension: digits mostly, sometimes a name (SIP/alice). */
const EXTENSION = /^[0-9A-Za-z*#+_./-]{1,32}$/;

export class MapExtensionDto {
  @ApiProperty({ description: 'The agent who answers at this extension' })
  @IsUUID('all', { message: 'deve essere un UUID / must be a UUID' })
  userId: string;
}

function extensionParam(value: string): string {
  if (!EXTENSION.test(value)) {
    throw new ValidationError([
      {
        field: 'extension',
        reason:
          'da 1 a 32 caratteri tra cifre, lettere e * # + _ . / - / 1 to 32 digits, letters or * # + _ . / -',
      },
    ]);
  }
  return value;
}

/** Admins map PBX extensions to agents: a call rung at a mapped extension is shown to its agent only. */
@ApiTags('telephony')
@Controller('admin/extensions')
@Roles('admin')
export class ExtensionsController {
  constructor(
    private readonly extensions: PhoneExtensionRepository,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'PBX extensions and the agents who answer at them' })
  list() {
    return this.extensions.list();
  }

  @Put(':extension')
  @ApiOperation({ summary: 'Map a PBX extension to an agent (replaces its agent)' })
  async map(
    @Param('extension') raw: string,
    @Body() dto: MapExtensionDto,
    @CurrentActor() actor: Actor,
    @Ip() ip: string,
  ) {
    const extension = extensionParam(raw);
    if (!(await this.extensions.map(extension, dto.userId))) {
      throw new NotFoundError('Operatore attivo / Active staff member', dto.userId);
    }
    await this.audit.record({
      actorId: actor.id,
      action: 'phone_extension_mapped',
      targetType: 'user',
      targetId: dto.userId,
      ip,
      details: { extension },
    });
    return this.extensions.list();
  }

  @Delete(':extension')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unmap a PBX extension: its calls go to every agent again' })
  async unmap(
    @Param('extension') raw: string,
    @CurrentActor() actor: Actor,
    @Ip() ip: string,
  ): Promise<void> {
    const extension = extensionParam(raw);
    if (!(await this.extensions.unmap(extension))) throw new NotFoundError('Interno / Extension', extension);
    await this.audit.record({
      actorId: actor.id,
      action: 'phone_extension_unmapped',
      ip,
      details: { extension },
    });
  }
}
