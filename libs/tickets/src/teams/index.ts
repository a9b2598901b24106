export * from './team.dto';
export * from './team.repository';
export * from './team.service';
export * from './teams.controller';
