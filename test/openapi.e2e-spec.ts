import { buildOpenApiDocument } from '@app/runtime';
import { createTestApp, TestApp } from '@app/testing';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

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
    // logout, and the methods the sign-in page shows), the health probe and the citizens' status
    // page are the only anonymous operations.
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
            !id.startsWith('GET /status'),
        ),
    ).toEqual([]);
    expect(operations.filter(({ op }) => !op.summary).map((o) => o.id)).toEqual([]);
    expect(document.security).toEqual([{ session: [] }, { token: [] }]);
  });
});
