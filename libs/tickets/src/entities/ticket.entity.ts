import {
  TICKET_CHANNELS,
  TICKET_DIFFICULTIES,
  TICKET_STATUSES,
  TicketChannel,
  TicketDifficulty,
  TicketStatus,
} from '@app/sla/ticket-kinds';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { CategoryEntity } from './category.entity';
import { ContactEntity } from './contact.entity';
import { EnteEntity } from './ente.entity';
import { UserEntity } from './user.entity';

// Declared in libs/sla (which plans clocks by them), re-exported for the rest of the code.
export { TICKET_CHANNELS, TICKET_DIFFICULTIES, TICKET_STATUSES } from '@app/sla/ticket-kinds';
export type { TicketChannel, TicketDifficulty, TicketStatus } from '@app/sla/ticket-kinds';

/** The current state of a ticket, derived from its timeline in the same transaction. */
@Entity('ticket')
@Check('ticket_not_competent_chk', `"status" <> 'resolved_not_competent' OR "redirected_to" IS NOT NULL`)
@Index('ticket_search_idx', { synchronize: false })
@Index('ticket_received_idx', { synchronize: false })
@Index('ticket_updated_idx', { synchronize: false })
@Index('ticket_due_idx', { synchronize: false })
export class TicketEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human number, `YYYY-NNNNNN`, sequential per year of receipt. */
  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ type: 'enum', enum: TICKET_CHANNELS, enumName: 'ticket_channel' })
  channel: TicketChannel;

  @Index('ticket_status_idx')
  @Column({ type: 'enum', enum: TICKET_STATUSES, enumName: 'ticket_status', default: 'new' })
  status: TicketStatus;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ name: 'requester_id', type: 'uuid', nullable: true })
  requesterId: string | null;

  @ManyToOne(() => ContactEntity, { nullable: true })
  @JoinColumn({ name: 'requester_id', foreignKeyConstraintName: 'ticket_requester_fk' })
  requester?: ContactEntity | null;

  @Index('ticket_ente_idx')
  @Column({ name: 'ente_id', type: 'uuid', nullable: true })
  enteId: string | null;

  @ManyToOne(() => EnteEntity, { nullable: true })
  @JoinColumn({ name: 'ente_id', foreignKeyConstraintName: 'ticket_ente_fk' })
  ente?: EnteEntity | null;

  @Column({ name: 'category_id', type: 'uuid', nullable: true })
  categoryId: string | null;

  @ManyToOne(() => CategoryEntity, { nullable: true })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'ticket_category_fk' })
  category?: CategoryEntity | null;

  @Column({ type: 'enum', enum: TICKET_DIFFICULTIES, enumName: 'ticket_difficulty', nullable: true })
  difficulty: TicketDifficulty | null;

  @Index('ticket_assignee_idx')
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => UserEntity, { nullable: true })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'ticket_assignee_fk' })
  assignee?: UserEntity | null;

  /** A malfunction reported by phone starts the SLA.8 intervention clock. */
  @Column({ type: 'boolean', default: false })
  malfunction: boolean;

  /** Where a "Risolto - non di competenza" ticket was redirected. */
  @Column({ name: 'redirected_to', type: 'text', nullable: true })
  redirectedTo: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'taken_in_charge_at', type: 'timestamptz', nullable: true })
  takenInChargeAt: Date | null;

  @Column({ name: 'first_answered_at', type: 'timestamptz', nullable: true })
  firstAnsweredAt: Date | null;

  @Column({ name: 'intervention_started_at', type: 'timestamptz', nullable: true })
  interventionStartedAt: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** Nearest due instant among the running SLA clocks; kept by the SLA engine. */
  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true })
  nextDueAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** Set when ingestion could not make sense of the mail: an agent should look at the raw source. */
  @Column({ name: 'needs_review', type: 'boolean', default: false })
  needsReview: boolean;

  /** The older ticket a late reply referred to (a new ticket opened after the reopening window). */
  @Column({ name: 'related_ticket_id', type: 'uuid', nullable: true })
  relatedTicketId: string | null;

  /** The team the ticket belongs to (issue 19); null until routing or an agent gives it one. */
  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId: string | null;

  /** The ticket this duplicate was merged into: closed, and not counted twice in the statistics. */
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  /** The SLA policy version the ticket started under (kept when the policy changes). */
  @Column({ name: 'sla_policy_id', type: 'uuid', nullable: true })
  slaPolicyId: string | null;

  /** Optimistic concurrency: every change bumps it; a stale version gets 409. */
  @Column({ type: 'integer', default: 1 })
  version: number;
}
