import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { Browser, chromium, Locator, Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The repository root, found from here whether this runs from the sources or a compiled copy. */
const ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'apps/web/vite.config.mts')) && dir !== dirname(dir)) dir = dirname(dir);
  return dir;
})();
/** Where browser tests leave their screenshots (CI keeps them as artefacts). */
export const ARTIFACTS_DIR = join(ROOT, 'test-artifacts');

/**
 * Debian's Chromium, headless, through playwright-core (never a downloaded browser). Outside CI a
 * machine without it skips the browser specs loudly; under CI=true its absence fails them.
 */
export async function launchBrowser(): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM)) {
    const message = `browser tests need Chromium at ${CHROMIUM} (apt-get install chromium)`;
    if (process.env.CI === 'true') throw new Error(`${message} (CI=true: this is a failure)`);
    console.warn(`\n!!! SKIPPED: ${message} !!!\n`);
    return undefined;
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

let built: string | null = null;

/**
 * The web UI built from the working tree into a private directory (once per test process), so
 * the tests never run a stale dist/ nor race a build of it. Returns the directory for WEB_DIR.
 */
export function buildWebUi(): string {
  if (built) return built;
  const outDir = mkdtempSync(join(tmpdir(), 'helpdesk-web-'));
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      join(ROOT, 'apps/web/vite.config.mts'),
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  built = outDir;
  return outDir;
}

/** Saves a full-page screenshot under test-artifacts/ and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Collects what must never happen on a page: a JavaScript dialog (alert from injected script),
 * an uncaught error, a console error. Expected noise (the 401 of /api/auth/me before sign-in)
 * is filtered by the caller.
 */
export function watchPage(page: Page): { dialogs: string[]; errors: string[] } {
  const seen = { dialogs: [] as string[], errors: [] as string[] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => seen.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error')
      seen.errors.push(`console: ${message.text()} @ ${message.location().url}`);
  });
  return seen;
}

/**
 * Fails when an i18n placeholder (`{{time}}`, `{{count}}`...) reached the screen: the page's
 * visible text, and the labels a screen reader reads (aria-label, title, placeholder). Text an
 * admin edits on purpose (mail templates) is marked `data-raw-placeholders` and skipped.
 */
export async function expectNoPlaceholders(page: Page): Promise<void> {
  // Runs in the page (a string: this project's server tsconfig has no DOM types).
  const leaks = (await page.evaluate(`(() => {
    const found = [];
    const skip = (el) => !!(el && el.closest('[data-raw-placeholders]'));
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent || '';
      if (text.includes('{{') && !skip(node.parentElement)) found.push(text.trim());
    }
    for (const el of document.querySelectorAll('[aria-label],[title],[placeholder]')) {
      if (skip(el)) continue;
      for (const name of ['aria-label', 'title', 'placeholder']) {
        const value = el.getAttribute(name);
        if (value && value.includes('{{')) found.push(name + '="' + value + '"');
      }
    }
    return found;
  })()`)) as string[];
  if (leaks.length) throw new Error(`raw i18n placeholders on ${page.url()}: ${leaks.join(' | ')}`);
}

/** Waits (up to 15 s) until the locator's text contains `text`; the error says what it saw. */
export async function expectText(locator: Locator, text: string | RegExp): Promise<void> {
  const deadline = Date.now() + 15_000;
  let seen = '';
  while (Date.now() < deadline) {
    seen = (await locator.textContent()) ?? '';
    if (typeof text === 'string' ? seen.includes(text) : text.test(seen)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected "${text}", saw "${seen}"`);
}

/** One axe-core finding that stops a person: its rule, impact, and where on the page. */
export interface AccessibilityProblem {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

let axeSource: string | null = null;

/**
 * Runs axe-core (the npm package, evaluated in the page over the DevTools protocol, so the app's
 * CSP needs no exception) on the page as it is now, against WCAG 2.1 A and AA, and returns the
 * serious and critical violations (none is the bar, issue 16.24 and 20.5).
 */
export async function accessibilityProblems(page: Page): Promise<AccessibilityProblem[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(`axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    }).then((r) => r.violations.map((v) => ({
      rule: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    })))`)) as AccessibilityProblem[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails naming each serious or critical axe-core violation of the page and where it is. */
export async function expectAccessible(page: Page, where = page.url()): Promise<void> {
  const problems = await accessibilityProblems(page);
  if (problems.length > 0) {
    throw new Error(
      `accessibility (axe-core) on ${where}:\n` +
        problems.map((p) => `  - ${p.impact} ${p.rule}: ${p.help} @ ${p.targets.join(', ')}`).join('\n'),
    );
  }
}
