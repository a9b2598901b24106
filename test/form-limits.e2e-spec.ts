import { PublishPrivacyPolicyDto, ReasonDto, RectifyContactDto } from '@app/privacy/privacy.dto';
import { CreateTicketDto, RequesterDto } from '@app/tickets/dto/create-ticket.dto';
import { NoteDto, ReopenDto, ReplyDto, ResolveDto, WaitDto } from '@app/tickets/dto/ticket-actions.dto';
import { CreateTeamDto, MoveTeamDto, UpdateTeamDto } from '@app/tickets/teams/team.dto';
import { getMetadataStorage } from 'class-validator';

import { LIMITS } from '../apps/web/src/api/limits';

const DTOS: Record<keyof typeof LIMITS, new () => object> = {
  CreateTicketDto,
  RequesterDto,
  ReplyDto,
  NoteDto,
  WaitDto,
  ResolveDto,
  ReopenDto,
  ReasonDto,
  RectifyContactDto,
  PublishPrivacyPolicyDto,
  CreateTeamDto,
  UpdateTeamDto,
  MoveTeamDto,
};

/** The MaxLength a DTO declares on a field, read from its validation metadata. */
function maxLengthOf(dto: new () => object, field: string): unknown {
  return getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', true, false)
    .find((m) => m.propertyName === field && m.name === 'maxLength')?.constraints?.[0];
}

/** A contract check like the OpenAPI snapshot's: the web forms stop where the api's DTOs refuse. */
describe('the web forms’ length limits (apps/web/src/api/limits.ts)', () => {
  it.each(Object.entries(LIMITS))('are the api’s own for %s', (schema, fields) => {
    const dto = DTOS[schema as keyof typeof LIMITS];
    for (const [field, max] of Object.entries(fields)) {
      expect({ schema, field, max }).toEqual({ schema, field, max: maxLengthOf(dto, field) });
    }
  });
});
