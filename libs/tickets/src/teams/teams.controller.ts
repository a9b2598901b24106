import { Actor, CurrentActor, Roles } from '@app/auth';
import { uuidParam } from '@app/common';
import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

import { AvailabilityDto, CreateTeamDto, SetTeamMembersDto, TeamResponse, UpdateTeamDto } from './team.dto';
import { TeamService } from './team.service';

const uuid = uuidParam();

class AvailabilityResponse {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() available: boolean;
}

@ApiTags('teams')
@Controller()
export class TeamsController {
  constructor(private readonly teams: TeamService) {}

  @Get('teams')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: 'The teams with their members and who is absent' })
  @ApiOkResponse({ type: [TeamResponse] })
  list() {
    return this.teams.list();
  }

  @Get('teams/mine')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: 'The teams the caller is a member of ("Il mio team")' })
  @ApiOkResponse({ type: [TeamResponse] })
  mine(@CurrentActor() actor: Actor) {
    return this.teams.ofUser(actor.id);
  }

  @Get('teams/:id')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: 'One team with its members' })
  @ApiOkResponse({ type: TeamResponse })
  get(@Param('id', uuid) id: string) {
    return this.teams.get(id);
  }

  @Post('teams')
  @Roles('admin')
  @ApiOperation({ summary: 'Create a team (admin)' })
  @ApiCreatedResponse({ type: TeamResponse })
  create(@Body() dto: CreateTeamDto, @CurrentActor() actor: Actor) {
    return this.teams.create(dto, actor.id);
  }

  @Patch('teams/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename a team, change its calendar, deactivate it (admin)' })
  @ApiOkResponse({ type: TeamResponse })
  update(@Param('id', uuid) id: string, @Body() dto: UpdateTeamDto, @CurrentActor() actor: Actor) {
    return this.teams.update(id, dto, actor.id);
  }

  @Put('teams/:id/members')
  @Roles('admin')
  @ApiOperation({ summary: 'Set a team’s members and leads (admin); an agent may be in several teams' })
  @ApiOkResponse({ type: TeamResponse })
  setMembers(@Param('id', uuid) id: string, @Body() dto: SetTeamMembersDto, @CurrentActor() actor: Actor) {
    return this.teams.setMembers(id, dto.members, actor.id);
  }

  @Put('users/:id/availability')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary:
      'Mark a staff member absent or back (oneself; supervisors and admins anyone): routing skips the absent',
  })
  @ApiOkResponse({ type: AvailabilityResponse })
  availability(@Param('id', uuid) id: string, @Body() dto: AvailabilityDto, @CurrentActor() actor: Actor) {
    return this.teams.setAvailable(id, dto.available, actor);
  }
}
