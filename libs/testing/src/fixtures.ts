import { CategoryEntity, EnteEntity, UserEntity, UserRole } from '@app/tickets';
import { DataSource } from 'typeorm';

import { openTestSession } from './auth-headers';

export interface BasicFixtures {
  ente: EnteEntity;
  otherEnte: EnteEntity;
  category: CategoryEntity;
  agent: UserEntity;
  otherAgent: UserEntity;
  supervisor: UserEntity;
}

let counter = 0;

/** A user with a signed-in test session (see authHeaders). */
export async function createUser(dataSource: DataSource, role: UserRole, name: string): Promise<UserEntity> {
  counter += 1;
  const user = await dataSource
    .getRepository(UserEntity)
    .save({ email: `${role}.${counter}.${Date.now()}@test.example`, name, role, active: true });
  await openTestSession(dataSource, user.id);
  return user;
}

/** Two entes, a category, two agents and a supervisor: what most workflow specs need. */
export async function createBasicFixtures(dataSource: DataSource): Promise<BasicFixtures> {
  const [ente, otherEnte] = await dataSource.getRepository(EnteEntity).save([
    { code: 'PONTASSIEVE', name: 'Comune di Pontassieve', kind: 'comune' },
    { code: 'FIESOLE', name: 'Comune di Fiesole', kind: 'comune' },
  ]);
  const category = await dataSource
    .getRepository(CategoryEntity)
    .save({ code: 'PAGAMENTI', name: 'Pagamenti online' });
  return {
    ente,
    otherEnte,
    category,
    agent: await createUser(dataSource, 'agent', 'Marco Rossi'),
    otherAgent: await createUser(dataSource, 'agent', 'Sara Conti'),
    supervisor: await createUser(dataSource, 'supervisor', 'Giulia Bianchi'),
  };
}
