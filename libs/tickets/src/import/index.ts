export * from './import-admin.controller';
export * from './ticket-import.module';
export * from './ticket-import.repository';
export * from './ticket-import.service';
export * from './ticket-import.types';
export { parseTicketCsv } from './ticket-csv.util';
