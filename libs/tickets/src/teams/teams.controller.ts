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
  @ApiOperation({
    summary: 'I team con i membri e chi è assente / The teams with their members and who is absent',
    description:
      'Attivi per primi, poi per nome; mai ai referenti. / Active ones first, then by name; never to referents.',
  })
  @ApiOkResponse({ type: [TeamResponse] })
  list() {
    return this.teams.list();
  }

  @Get('teams/mine')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: 'I team di cui si fa parte ("Il mio team") / The teams the caller is a member of',
  })
  @ApiOkResponse({ type: [TeamResponse] })
  mine(@CurrentActor() actor: Actor) {
    return this.teams.ofUser(actor.id);
  }

  @Get('teams/:id')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: 'Un team con i suoi membri / One team with its members' })
  @ApiOkResponse({ type: TeamResponse })
  get(@Param('id', uuid) id: string) {
    return this.teams.get(id);
  }

  @Post('teams')
  @Roles('admin')
  @ApiOperation({
    summary: 'Crea un team (amministratori) / Create a team (admin)',
    description:
      'Codice già usato: 400 `code` taken; calendario inesistente: 400 `calendarCode` unknown. / ' +
      'A taken code: 400 `code` taken; an unknown calendar: 400 `calendarCode` unknown.',
  })
  @ApiCreatedResponse({ type: TeamResponse })
  create(@Body() dto: CreateTeamDto, @CurrentActor() actor: Actor) {
    return this.teams.create(dto, actor.id);
  }

  @Patch('teams/:id')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Rinomina un team, ne cambia il calendario, lo disattiva (amministratori) / Rename a team, change its calendar, deactivate it (admin)',
  })
  @ApiOkResponse({ type: TeamResponse })
  update(@Param('id', uuid) id: string, @Body() dto: UpdateTeamDto, @CurrentActor() actor: Actor) {
    return this.teams.update(id, dto, actor.id);
  }

  @Put('teams/:id/members')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Imposta membri e responsabili di un team (amministratori) / Set a team’s members and leads (admin)',
    description:
      'Un operatore può stare in più team; un referente o un utente disattivato: 400 `members[i].userId` notStaff. / ' +
      'An agent may be in several teams; a referent or a deactivated user: 400 `members[i].userId` notStaff.',
  })
  @ApiOkResponse({ type: TeamResponse })
  setMembers(@Param('id', uuid) id: string, @Body() dto: SetTeamMembersDto, @CurrentActor() actor: Actor) {
    return this.teams.setMembers(id, dto.members, actor.id);
  }

  @Get('users/:id/availability')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: 'Se un operatore è presente o assente / Whether a staff member is present or absent',
    description:
      'Per sé (il menu utente); supervisori e amministratori per chiunque. / Oneself (the user menu); supervisors and admins anyone.',
  })
  @ApiOkResponse({ type: AvailabilityResponse })
  getAvailability(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.teams.availability(id, actor);
  }

  @Put('users/:id/availability')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: 'Segna un operatore assente o rientrato / Mark a staff member absent or back',
    description:
      'Per sé; supervisori e amministratori per chiunque. L’assegnazione a rotazione salta gli assenti. / ' +
      'Oneself; supervisors and admins anyone. Round-robin assignment skips the absent.',
  })
  @ApiOkResponse({ type: AvailabilityResponse })
  availability(@Param('id', uuid) id: string, @Body() dto: AvailabilityDto, @CurrentActor() actor: Actor) {
    return this.teams.setAvailable(id, dto.available, actor);
  }
}
