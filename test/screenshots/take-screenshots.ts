/**
 * The README's screenshots (docs/screenshots), retaken at 1440 px on the demo data as a newcomer
 * sees it: `npm run screenshots` (needs PostgreSQL as the tests do, or runs on the embedded engine,
 * and Debian's Chromium). Not part of `npm test`: it writes files, it checks nothing.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { ARTIFACTS_DIR, launchBrowser } from '@app/testing';
import { prepareTemplate } from '@app/testing/test-database';
import { giveTestPassword, signInThroughPage, startWebApp } from '@app/testing/web-app';

// The repository root (this runs compiled, from dist-bench): where test-artifacts/ lives.
const OUT = join(dirname(ARTIFACTS_DIR), 'docs', 'screenshots');

async function main(): Promise<void> {
  // The test databases are copies of a migrated template, prepared here as the e2e setup does.
  await prepareTemplate();
  const browser = await launchBrowser();
  if (!browser) throw new Error('Chromium is needed (apt-get install chromium)');
  const { t, base } = await startWebApp({ SEED_DEMO: 'true' });
  try {
    const [admin] = await t.dataSource.query<{ id: string; email: string }[]>(
      `SELECT id, email FROM app_user WHERE role = 'admin' AND active ORDER BY created_at LIMIT 1`,
    );
    await giveTestPassword(t.dataSource, [admin]);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    mkdirSync(OUT, { recursive: true });
    const shot = async (name: string) => {
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(OUT, `${name}.png`) });
      console.log(`docs/screenshots/${name}.png`);
    };
    await signInThroughPage(page, base, admin.email);
    await page.locator('tr[data-ticket]').first().waitFor();
    await shot('queue');
    await page.locator('a.ticket-link').first().click();
    await page.locator('.timeline, ol, ul').first().waitFor();
    await shot('ticket');
    await page.goto(`${base}/reports`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await shot('reports');
    await page.goto(`${base}/outages`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await shot('outages');
    await page.goto(`${base}/calls`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await shot('calls');
    await page.goto(`${base}/admin/users`);
    await page.getByRole('heading').first().waitFor();
    await shot('admin');
    await page.goto(`${base}/status`);
    await shot('status');
    // The citizens' public request form (issue 20.1), in both languages.
    await page.goto(`${base}/richiesta`);
    await shot('public-form');
    await page.goto(`${base}/richiesta?lang=en`);
    await shot('public-form-en');
    // The workspace in English, for the README's second language.
    await page.goto(base);
    await page.getByRole('button', { name: /Passa all’inglese/ }).click();
    await page.locator('tr[data-ticket]').first().waitFor();
    await shot('queue-en');
    await context.close();
  } finally {
    await browser.close();
    await t.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
