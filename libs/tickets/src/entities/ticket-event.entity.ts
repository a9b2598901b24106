import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { TicketEntity } from './ticket.entity';
import { UserEntity } from './user.entity';

export const TICKET_EVENT_TYPES = [
  'created',
  'message',
  'note',
  'referent_note',
  'status_changed',
  'assigned',
  'taken_in_charge',
  'intervention_started',
  'field_changed',
  'sla_at_risk',
  'sla_breached',
  'sla_met',
  'sla_recomputed',
  'mail_sent',
  'mail_failed',
  'mail_bounced',
  'mail_receipt',
  'attachment_refused',
  'phone_call',
  'team_changed',
  'routed',
  'tags_changed',
  'merged',
  'merged_from',
  'split',
  'split_from',
  'linked',
  'unlinked',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/**
 * One entry of the append-only timeline (a database trigger refuses UPDATE and DELETE).
 * `occurredAt` is when it happened (a phone call may be registered after the fact);
 * `recordedAt` is when the help desk learned of it.
 */
@Entity('ticket_event')
@Index('ticket_event_ticket_idx', ['ticketId', 'id'])
@Index('ticket_event_search_idx', { synchronize: false })
export class TicketEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => TicketEntity, { nullable: false })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_event_ticket_fk' })
  ticket?: TicketEntity;

  @Column({ type: 'text' })
  type: TicketEventType;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => UserEntity, { nullable: true })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'ticket_event_actor_fk' })
  actor?: UserEntity | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  /** Text of a message or note; indexed for Italian full-text search. */
  @Column({ type: 'text', nullable: true })
  body: string | null;
}
