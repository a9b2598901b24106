import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { EnteEntity } from './ente.entity';

/** A requester: a citizen or an ente's office worker. */
@Entity('contact')
@Index('contact_email_uq', { synchronize: false })
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Index('contact_phone_idx')
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ name: 'ente_id', type: 'uuid', nullable: true })
  enteId: string | null;

  @ManyToOne(() => EnteEntity, { nullable: true })
  @JoinColumn({ name: 'ente_id', foreignKeyConstraintName: 'contact_ente_fk' })
  ente?: EnteEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
