import { qualified } from './backup.repository';
import { verifyCountsSql, wipeSql } from './restore-sql';

describe('restore SQL', () => {
  it('checks every table against its count and raises on the first difference', () => {
    const sql = verifyCountsSql({ 'public.ticket': 12, 'public.contact': 0 });
    expect(sql).toContain('SELECT count(*) INTO n FROM "public"."ticket";\n  IF n <> 12 THEN');
    expect(sql).toContain('SELECT count(*) INTO n FROM "public"."contact";\n  IF n <> 0 THEN');
    expect(sql).toMatch(/^DO \$verify\$/);
  });

  it('refuses a count that is not a whole number (it is pasted into SQL)', () => {
    expect(() => verifyCountsSql({ 'public.ticket': 1.5 })).toThrow();
    expect(() => verifyCountsSql({ 'public.ticket': Number('1; DROP TABLE x') })).toThrow();
  });

  it.each([
    ['public.ticket', '"public"."ticket"'],
    ['public.we"ird', '"public"."we""ird"'],
  ])('quotes %s as %s', (name, sql) => {
    expect(qualified(name)).toBe(sql);
  });

  it('keeps the public schema and gives up on a lock after 10 s', () => {
    const sql = wipeSql();
    expect(sql).toContain("SET lock_timeout = '10s'");
    expect(sql).not.toMatch(/DROP SCHEMA public/i);
  });
});
