import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import type { ClockHistoryEntry, ClockState } from './clock-plan';

@Entity('sla_clock')
@Index('sla_clock_cycle_uq', ['ticketId', 'code', 'cycle'], { unique: true })
@Index('sla_clock_due_idx', { synchronize: false })
@Index('sla_clock_warn_idx', { synchronize: false })
export class SlaClockEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId: string;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'integer', default: 1 })
  cycle: number;

  @Column({ name: 'policy_id', type: 'uuid' })
  policyId: string;

  @Column({ name: 'calendar_code', type: 'text' })
  calendarCode: string;

  @Column({ name: 'target_minutes', type: 'double precision', nullable: true })
  targetMinutes: number | null;

  @Column({ name: 'target_kind', type: 'text' })
  targetKind: 'minutes' | 'next_business_day';

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'warn_at', type: 'timestamptz', nullable: true })
  warnAt: Date | null;

  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  @Column({ name: 'paused_minutes', type: 'double precision', default: 0 })
  pausedMinutes: number;

  @Column({ name: 'elapsed_minutes', type: 'double precision', nullable: true })
  elapsedMinutes: number | null;

  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;

  @Column({ name: 'at_risk_at', type: 'timestamptz', nullable: true })
  atRiskAt: Date | null;

  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true })
  breachedAt: Date | null;

  @Column({
    type: 'enum',
    enum: ['running', 'paused', 'met', 'breached', 'cancelled'],
    enumName: 'sla_clock_state',
  })
  state: ClockState;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  history: ClockHistoryEntry[];

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
