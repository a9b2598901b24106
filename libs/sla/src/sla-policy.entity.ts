import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import type { PolicyDefinition } from './sla-policy.types';

@Entity('sla_policy')
@Index('sla_policy_version_uq', ['code', 'version'], { unique: true })
@Index('sla_policy_one_active_uq', { synchronize: false })
export class SlaPolicyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb' })
  definition: PolicyDefinition;

  @Column({ type: 'boolean', default: false })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('business_calendar')
export class BusinessCalendarEntity {
  @Column({ type: 'text', primary: true })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb' })
  spec: Record<string, unknown>;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
