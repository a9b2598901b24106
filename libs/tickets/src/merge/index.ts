export * from './merge.dto';
export * from './merge.rules';
export * from './ticket-link.repository';
export * from './ticket-merge.controller';
export * from './ticket-merge.service';
