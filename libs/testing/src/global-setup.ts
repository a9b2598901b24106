import 'reflect-metadata';

// Jest's moduleNameMapper does not apply to the global setup: resolve the @app/* aliases here.
import { register } from 'tsconfig-paths';

import { compilerOptions } from '../../../tsconfig.json';

register({ baseUrl: `${__dirname}/../../..`, paths: compilerOptions.paths });

export default async function globalSetup(): Promise<void> {
  const { prepareTemplate } = await import('./test-database');
  const what = await prepareTemplate();
  console.log(`\n[e2e] ${what}`);
}
