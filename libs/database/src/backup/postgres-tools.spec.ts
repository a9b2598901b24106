import { libpqConnection, toolMajor } from './postgres-tools';

describe('postgres tools', () => {
  it.each([
    ['pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)', 15],
    ['pg_dump (PostgreSQL) 17.2', 17],
    ['pg_restore (PostgreSQL) 18beta1', 18],
    ['pg_dump (PostgreSQL) 9.6.24', 9.6],
    ['PGlite dumpDataDir (tar.gz)', NaN],
  ])('%s is major %d', (line, major) => {
    expect(toolMajor(line)).toBe(major);
  });

  it.each([
    ['postgres://helpdesk:s%40cret@db:5432/helpdesk', 'postgres://helpdesk@db:5432/helpdesk', 's@cret'],
    ['postgres://postgres@127.0.0.1:5432/x', 'postgres://postgres@127.0.0.1:5432/x', undefined],
    ['postgres://u:p@db/x?ssl=true', 'postgres://u@db/x?sslmode=require', 'p'],
    ['postgres://u@db/x?ssl=false', 'postgres://u@db/x', undefined],
    ['postgres://u@db/x?sslmode=no-verify', 'postgres://u@db/x?sslmode=require', undefined],
    ['postgres://u@db/x?sslmode=verify-full', 'postgres://u@db/x?sslmode=verify-full', undefined],
  ])('%s connects as %s with the password %s in PGPASSWORD', (url, dbname, password) => {
    const connection = libpqConnection(url);
    expect(connection.dbname).toBe(dbname);
    expect(connection.env.PGPASSWORD).toBe(password);
  });
});
