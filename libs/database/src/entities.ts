import {
  CategoryEntity,
  ContactEntity,
  EnteEntity,
  TicketEntity,
  TicketEventEntity,
  UserEntity,
} from '@app/tickets/entities';

/** Every entity of the schema; the migrations are the truth, these map it. */
export const ENTITIES = [
  EnteEntity,
  ContactEntity,
  UserEntity,
  CategoryEntity,
  TicketEntity,
  TicketEventEntity,
];
