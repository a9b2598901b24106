import {
  checkEngine,
  checkTargetEmpty,
  countDifferences,
  describeTarget,
  isEmptyTarget,
  pendingMigrations,
} from './restore-plan';

describe('restore plan', () => {
  const known = ['A1', 'B2', 'C3'];

  it.each([
    [['A1', 'B2', 'C3'], []],
    [['A1', 'B2'], ['C3']],
    [[], ['A1', 'B2', 'C3']],
  ])('a backup with migrations %j leaves %j to apply', (backup, pending) => {
    expect(pendingMigrations(backup, known)).toEqual(pending);
  });

  it('refuses a backup made by a newer version, naming the migrations it does not know', () => {
    expect(() => pendingMigrations(['A1', 'B2', 'C3', 'D4'], known)).toThrow(
      expect.objectContaining({ code: 'newer_schema', message: expect.stringContaining('D4') }),
    );
  });

  it.each([
    [{ tables: {}, migrations: [], files: [] }, true],
    [{ tables: { 'public.ticket': 0 }, migrations: ['A1'], files: [] }, false],
    [{ tables: {}, migrations: [], files: ['secrets.key'] }, false],
  ])('%j is empty: %s', (contents, empty) => {
    expect(isEmptyTarget(contents)).toBe(empty);
    if (empty) expect(() => checkTargetEmpty(contents, false)).not.toThrow();
    else
      expect(() => checkTargetEmpty(contents, false)).toThrow(expect.objectContaining({ code: 'not_empty' }));
    expect(() => checkTargetEmpty(contents, true)).not.toThrow();
  });

  it('says what a non-empty target holds, in both languages', () => {
    const what = describeTarget({
      tables: { 'public.ticket': 1234, 'public.contact': 56, 'public.app_user': 7, 'public.category': 3 },
      migrations: ['A1', 'B2'],
      files: ['outbox/a.eml', 'outbox/b.eml', 'outbox/c.eml', 'secrets.key'],
    });
    expect(what.it).toBe(
      '1234 ticket, 56 contatti, 7 utenti; 4 tabelle con 1300 righe in tutto, 2 migrazioni (ultima B2); ' +
        '4 file in DATA_DIR (outbox/a.eml, outbox/b.eml, outbox/c.eml, ...)',
    );
    expect(what.en).toBe(
      '1,234 tickets, 56 contacts, 7 users; 4 tables with 1,300 rows in all, 2 migrations (last B2); ' +
        '4 files in DATA_DIR (outbox/a.eml, outbox/b.eml, outbox/c.eml, ...)',
    );
  });

  it.each([
    ['pglite', 'postgresql', /unset DATABASE_URL/],
    ['postgresql', 'pglite', /set DATABASE_URL/],
  ] as const)('refuses a %s backup into %s', (backup, target, message) => {
    expect(() => checkEngine(backup, target)).toThrow(message);
    expect(() => checkEngine(backup, backup)).not.toThrow();
  });

  it('lists the tables whose rows differ, missing and extra ones too', () => {
    expect(
      countDifferences(
        { 'public.a': 1, 'public.b': 2, 'public.c': 0 },
        { 'public.a': 1, 'public.b': 3, 'public.d': 0 },
      ),
    ).toEqual(['public.b: 3 / 2', 'public.c: - / 0', 'public.d: 0 / -']);
  });
});
