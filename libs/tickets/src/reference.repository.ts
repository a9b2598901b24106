import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { ContactEntity, UserEntity } from './entities';

const STAFF_ROLES = ['admin', 'supervisor', 'agent'];

/** Lookups the ticket service needs to check what a request refers to. */
@Injectable()
export class ReferenceRepository {
  async exists(
    em: EntityManager,
    table: 'ente' | 'category' | 'contact' | 'sla_policy',
    id: string,
  ): Promise<boolean> {
    const rows = await em.query<unknown[]>(`SELECT 1 FROM "${table}" WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async findActiveStaff(em: EntityManager, id: string): Promise<UserEntity | null> {
    const user = await em.getRepository(UserEntity).findOne({ where: { id, active: true } });
    return user && STAFF_ROLES.includes(user.role) ? user : null;
  }

  async findContact(em: EntityManager, id: string): Promise<ContactEntity | null> {
    return em.getRepository(ContactEntity).findOne({ where: { id } });
  }

  /** The same caller is the same contact: matched by e-mail first, then by phone number. */
  async findContactByEmailOrPhone(
    em: EntityManager,
    email: string | undefined,
    phone: string,
  ): Promise<ContactEntity | null> {
    const repo = em.getRepository(ContactEntity);
    if (email) {
      const byEmail = await repo
        .createQueryBuilder('c')
        .where('lower(c.email) = lower(:email)', { email })
        .getOne();
      if (byEmail) return byEmail;
    }
    return repo
      .createQueryBuilder('c')
      .where(`regexp_replace(regexp_replace(c.phone, '[^0-9+]', '', 'g'), '^(\\+|00)39', '') = :phone`, {
        phone: normalisePhone(phone),
      })
      .orderBy('c.created_at', 'ASC')
      .getOne();
  }
}

/** "+39 055 123", "0039055123" and "055 123" are the same Italian number. */
export function normalisePhone(phone: string): string {
  return phone.replace(/[^0-9+]/g, '').replace(/^(\+|00)39/, '');
}
