import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ENTE_KINDS = ['comune', 'unione', 'citta_metropolitana', 'altro'] as const;
export type EnteKind = (typeof ENTE_KINDS)[number];

/** A client organisation of the consortium: a municipality, a union of municipalities, ... */
@Entity('ente')
@Check('ente_kind_chk', `"kind" IN ('comune', 'unione', 'citta_metropolitana', 'altro')`)
export class EnteEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: EnteKind;

  /** Business calendar of its own (patron saint); null uses the policy's calendar. */
  @Column({ name: 'calendar_code', type: 'text', nullable: true })
  calendarCode: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
