import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const USER_ROLES = ['admin', 'supervisor', 'agent', 'ente_referent'] as const;
export type UserRole = (typeof USER_ROLES)[number];

@Entity('app_user')
@Index('app_user_email_uq', { synchronize: false })
@Index('app_user_directory_dn_uq', { synchronize: false })
@Index('app_user_oidc_subject_uq', { synchronize: false })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'enum', enum: USER_ROLES, enumName: 'user_role' })
  role: UserRole;

  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Set for staff who sign in through the organisation's directory (LDAP): their entry's DN. */
  @Column({ name: 'directory_dn', type: 'text', nullable: true, select: false })
  directoryDn: string | null;

  /** Set for staff who sign in through OpenID Connect: "<issuer> <subject>". */
  @Column({ name: 'oidc_subject', type: 'text', nullable: true, select: false })
  oidcSubject: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
