import { rm } from 'node:fs/promises';

import { stopPostgresIn } from './private-servers';

/** Stops the private cluster and deletes it and the build: nothing of the run stays behind. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.FAULTS_PG_DIR) await stopPostgresIn(process.env.FAULTS_PG_DIR);
  if (process.env.FAULTS_BUILD_DIR) await rm(process.env.FAULTS_BUILD_DIR, { recursive: true, force: true });
}
