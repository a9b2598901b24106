import { ApiProperty } from '@nestjs/swagger';

import { ENTE_KINDS, EnteKind, USER_ROLES, UserRole } from '../entities';

/** A municipality or other member of the consortium. */
export class EnteResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'C001' })
  code: string;

  @ApiProperty({ example: 'Comune di Fiesole' })
  name: string;

  @ApiProperty({ enum: ENTE_KINDS })
  kind: EnteKind;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "Its own business calendar (patron saint); null: the policy's",
  })
  calendarCode: string | null;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

export class CategoryResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'RETE' })
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

/** A staff member an agent can assign to. */
export class StaffResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: USER_ROLES })
  role: UserRole;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

/** A requester found by the intake's autocomplete. */
export class ContactMatchResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  enteId: string | null;

  @ApiProperty({ type: String, nullable: true })
  enteName: string | null;
}
