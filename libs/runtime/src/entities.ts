import { BusinessCalendarEntity, SlaClockEntity, SlaPolicyEntity } from '@app/sla/sla-entities';
import {
  CategoryEntity,
  ContactEntity,
  EnteEntity,
  TicketEntity,
  TicketEventEntity,
  UserEntity,
} from '@app/tickets/entities';

/**
 * Every TypeORM entity of the schema; the migrations are the truth, these map it. Listed here,
 * where the processes are assembled, so that libs/database knows no domain.
 */
export const ENTITIES = [
  EnteEntity,
  ContactEntity,
  UserEntity,
  CategoryEntity,
  TicketEntity,
  TicketEventEntity,
  SlaPolicyEntity,
  BusinessCalendarEntity,
  SlaClockEntity,
];
