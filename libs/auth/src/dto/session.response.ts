import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { Role, ROLES } from '../auth.decorators';

/** Who is signed in, and the token state-changing requests must echo in X-CSRF-Token. */
export class MeResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ type: [String], description: "An ente referent's entes (empty for staff)" })
  enteIds: string[];

  @ApiProperty({ type: String, nullable: true, description: 'null when signed in with an API token' })
  csrfToken: string | null;

  @ApiPropertyOptional({
    description:
      'Whether the user signs in with a password kept here (may change it); false for directory and OpenID users and API tokens',
  })
  localPassword?: boolean;
}
