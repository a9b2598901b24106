import {
  CategoryEntity,
  ContactEntity,
  EnteEntity,
  TicketEntity,
  TicketEventEntity,
  UserEntity,
} from '@app/tickets/entities';
import { BusinessCalendarEntity, SlaClockEntity, SlaPolicyEntity } from '@app/sla/sla-entities';

/** Every entity of the schema; the migrations are the truth, these map it. */
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
