import { BackupManifest, isSafeStoredPath, parseManifest, verifyParts } from './backup-manifest';

const sha = (c: string) => c.repeat(64);

const manifest: BackupManifest = {
  format: 'helpdesk-cst-backup',
  formatVersion: 1,
  createdAt: '2026-12-05T02:00:00.000Z',
  engine: 'postgresql',
  serverVersion: '15.20',
  tool: 'pg_dump (PostgreSQL) 15.20',
  migrations: ['InitialSchema1795300000000'],
  tables: { 'public.ticket': 3, 'public.schema_migrations': 1 },
  database: { name: 'database.pgdump', size: 100, sha256: sha('a') },
  files: [{ name: 'files/outbox/m.eml', path: 'outbox/m.eml', size: 5, sha256: sha('b'), mode: 0o644 }],
};

const withChange = (change: (m: Record<string, unknown>) => void) => {
  const copy = JSON.parse(JSON.stringify(manifest)) as Record<string, unknown>;
  change(copy);
  return JSON.stringify(copy);
};

describe('manifest', () => {
  it('reads back what the backup writes', () => {
    expect(parseManifest(JSON.stringify(manifest))).toEqual(manifest);
  });

  it.each<[string, (m: Record<string, unknown>) => void]>([
    ['another format', (m) => (m.format = 'something')],
    ['another engine', (m) => (m.engine = 'mysql')],
    [
      'a count that is not a whole number',
      (m) => ((m.tables as Record<string, number>)['public.ticket'] = 1.5),
    ],
    ['a table name without schema', (m) => ((m.tables as Record<string, number>).ticket = 1)],
    ['a bad hash', (m) => ((m.database as { sha256: string }).sha256 = 'abc')],
    [
      'the PGlite part on PostgreSQL',
      (m) => ((m.database as { name: string }).name = 'database.pglite.tar.gz'),
    ],
    [
      'a stored file outside DATA_DIR',
      (m) =>
        ((m.files as { path: string; name: string }[])[0] = {
          ...manifest.files[0],
          path: '../etc/cron.d/x',
          name: 'files/../etc/cron.d/x',
        }),
    ],
    [
      'a stored file named apart from its path',
      (m) => ((m.files as { name: string }[])[0].name = 'files/other.eml'),
    ],
    ['migrations that are not names', (m) => (m.migrations = [1, 2])],
  ])('refuses %s as damaged', (_what, change) => {
    expect(() => parseManifest(withChange(change))).toThrow(expect.objectContaining({ code: 'corrupt' }));
  });

  it('refuses a format version it does not read, saying which', () => {
    expect(() => parseManifest(withChange((m) => (m.formatVersion = 2)))).toThrow(
      /format version 2 is not supported/,
    );
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseManifest('{"format": "helpdesk-cst-')).toThrow(
      expect.objectContaining({ code: 'corrupt' }),
    );
  });

  it.each([
    ['secrets.key', true],
    ['outbox/2026/m.eml', true],
    ['', false],
    ['/etc/passwd', false],
    ['outbox/../../x', false],
    ['./x', false],
    ['outbox//x', false],
    ['pgdata/PG_VERSION', false],
    ['helpdesk.pid', false],
    ['.restore-123/x', false],
    ['a\\b', false],
  ])('stored path %j is safe: %s', (path, safe) => {
    expect(isSafeStoredPath(path)).toBe(safe);
  });
});

describe('verifyParts', () => {
  const entries = () =>
    new Map([
      ['database.pgdump', { size: 100, sha256: sha('a') }],
      ['files/outbox/m.eml', { size: 5, sha256: sha('b') }],
      ['manifest.json', { size: 10, sha256: sha('c') }],
    ]);

  it('accepts the parts as the manifest lists them', () => {
    expect(() => verifyParts(manifest, entries())).not.toThrow();
  });

  it.each<[string, (e: ReturnType<typeof entries>) => void, RegExp]>([
    ['a missing part', (e) => e.delete('files/outbox/m.eml'), /files\/outbox\/m.eml is missing/],
    [
      'a part of another size',
      (e) => (e.get('database.pgdump')!.size = 99),
      /database.pgdump does not match/,
    ],
    [
      'a part with another hash',
      (e) => (e.get('database.pgdump')!.sha256 = sha('d')),
      /database.pgdump does not match/,
    ],
    [
      'an entry the manifest does not list',
      (e) => e.set('files/extra', { size: 1, sha256: sha('e') }),
      /unexpected entry files\/extra/,
    ],
  ])('refuses %s', (_what, change, message) => {
    const e = entries();
    change(e);
    expect(() => verifyParts(manifest, e)).toThrow(message);
  });
});
