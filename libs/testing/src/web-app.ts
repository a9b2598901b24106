import { hashPassword } from '@app/auth';
import { UserEntity } from '@app/tickets';
import { Page } from 'playwright-core';
import { DataSource } from 'typeorm';

import { buildWebUi } from './browser';
import { createTestApp, TestApp } from './test-app';

/** The password the browser specs sign in with (the fixtures' users have none of their own). */
export const TEST_PASSWORD = 'password-di-prova-2026';

/**
 * The api serving the web UI built from the working tree, listening on a loopback port: what the
 * browser specs drive. Returns the app and the address to open.
 */
export async function startWebApp(env: NodeJS.ProcessEnv = {}): Promise<{ t: TestApp; base: string }> {
  process.env.WEB_DIR = buildWebUi();
  let t: TestApp;
  try {
    t = await createTestApp(env);
  } finally {
    delete process.env.WEB_DIR;
  }
  await t.app.listen(0, '127.0.0.1');
  return { t, base: (await t.app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** Gives these users TEST_PASSWORD, so that they can sign in through the page. */
export async function giveTestPassword(
  dataSource: DataSource,
  users: Array<Pick<UserEntity, 'id'>>,
): Promise<void> {
  const hash = await hashPassword(TEST_PASSWORD);
  for (const user of users) {
    await dataSource.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [user.id, hash]);
  }
}

/** Signs in through the sign-in page as an agent would, and waits for the queue. */
export async function signInThroughPage(page: Page, base: string, email: string): Promise<void> {
  await page.goto(base);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Entra' }).click();
  await page.getByRole('heading', { name: 'Coda ticket' }).waitFor();
}
