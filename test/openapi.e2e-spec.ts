import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { buildOpenApiDocument } from '@app/runtime';
import { createTestApp, TestApp } from '@app/testing';

/** The committed snapshot the web UI's types are generated from (apps/web/src/api/schema.gen.ts). */
const SNAPSHOT = join(__dirname, '..', 'docs', 'openapi.json');

/** The snapshot's text: stable key order as Nest builds it, two-space indent, final newline. */
function snapshotText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

interface Problem {
  rule: string;
  severity: 'error' | 'warn';
  message: string;
  where?: string;
}

/** Clients generate code from the OpenAPI document: it must lint clean with Redocly's recommended rules. */
describe('OpenAPI contract (e2e)', () => {
  let t: TestApp;
  let problems: Problem[];
  let document: ReturnType<typeof buildOpenApiDocument>;

  beforeAll(async () => {
    t = await createTestApp();
    document = buildOpenApiDocument(t.app);
    const dir = await mkdtemp(join(tmpdir(), 'openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(document));
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(__dirname, 'support/lint-openapi.mjs'), file],
        {
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      problems = JSON.parse(stdout) as Problem[];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  afterAll(() => t?.close());

  it('matches the committed snapshot the web UI generates its types from', async () => {
    const live = snapshotText(document);
    if (process.env.OPENAPI_SNAPSHOT_UPDATE === '1') await writeFile(SNAPSHOT, live);
    const committed = await readFile(SNAPSHOT, 'utf8').catch(() => 'null');
    // Compared as JSON values: Prettier may re-wrap the file without changing its content.
    if (snapshotText(JSON.parse(committed)) !== live) {
      throw new Error(
        'docs/openapi.json differs from the live OpenAPI document: run `npm run openapi:snapshot`, then `npm run build:web` (regenerates apps/web/src/api/schema.gen.ts), and commit both',
      );
    }
  });

  it('has no errors under the recommended rules', () => {
    const errors = problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => `${p.rule} ${p.where}: ${p.message}`)).toEqual([]);
  });

  it('says how every operation is secured: a session or a token, or explicitly anonymous', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { security?: unknown[]; summary?: string }>)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThan(50);
    const anonymous = operations.filter(
      ({ op }) => op.security?.length === 1 && Object.keys(op.security[0] as object).length === 0,
    );
    // Sign-in (local, and OpenID Connect's start, callback and the provider's back-channel
    // logout, and the methods the sign-in page shows), the health probe, the citizens' status
    // page, the privacy notice (page and text) and the public request form (issue 20) are the only
    // anonymous operations.
    expect(anonymous.map((o) => o.id)).toContain('POST /api/auth/login');
    expect(
      anonymous
        .map((o) => o.id)
        .filter(
          (id) =>
            id !== 'POST /api/auth/login' &&
            id !== 'GET /api/auth/methods' &&
            !id.startsWith('GET /api/auth/oidc/') &&
            id !== 'POST /api/auth/oidc/backchannel-logout' &&
            !id.startsWith('GET /api/health') &&
            !id.startsWith('GET /status') &&
            id !== 'GET /privacy' &&
            id !== 'GET /api/privacy/notice' &&
            !/^(GET|POST) \/richiesta(\/conferma|\/segui|\/segui\/link|\/segui\/valuta|\/valuta)?$/.test(id),
        ),
    ).toEqual([]);
    expect(operations.filter(({ op }) => !op.summary).map((o) => o.id)).toEqual([]);
    expect(document.security).toEqual([{ session: [] }, { token: [] }]);
  });
});
