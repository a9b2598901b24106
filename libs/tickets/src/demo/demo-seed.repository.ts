import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { CategoryEntity, EnteEntity, UserEntity } from '../entities';

/** One seeder at a time across processes (the lock is held until the transaction ends). */
const SEED_LOCK_KEY = 724_311_018;

/** The demo seed's reference data: entes, categories, users (its tickets go through TicketWriter). */
@Injectable()
export class DemoSeedRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async lockSeeding(em: EntityManager): Promise<void> {
    await em.query<unknown>('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
  }

  async enteCount(em: EntityManager): Promise<number> {
    const [row] = await em.query<{ count: number }[]>('SELECT count(*)::int AS count FROM ente');
    return row.count;
  }

  saveEntes(em: EntityManager, entes: Partial<EnteEntity>[]): Promise<EnteEntity[]> {
    return em.getRepository(EnteEntity).save(entes as EnteEntity[]);
  }

  saveCategories(em: EntityManager, categories: Partial<CategoryEntity>[]): Promise<CategoryEntity[]> {
    return em.getRepository(CategoryEntity).save(categories as CategoryEntity[]);
  }

  async saveUsers(em: EntityManager, users: Partial<UserEntity>[]): Promise<void> {
    await em.getRepository(UserEntity).save(users as UserEntity[]);
  }
}
