import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createDataSource, runMigrationsLocked, startEmbeddedPostgres } from '@app/database';

describe('the embedded PostgreSQL (npm start without DATABASE_URL)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'helpdesk-embedded-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps migrated data across a stop and a start', async () => {
    const first = await startEmbeddedPostgres({ dataDir: dir });
    const ds1 = createDataSource({ url: first.url, poolSize: 2 });
    await ds1.initialize();
    expect((await runMigrationsLocked(ds1)).length).toBeGreaterThan(0);
    await ds1.query(`INSERT INTO ente (code, name, kind) VALUES ('FIRENZE', 'Comune di Firenze', 'comune')`);
    await ds1.destroy();
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir: dir });
    const ds2 = createDataSource({ url: second.url, poolSize: 2 });
    await ds2.initialize();
    try {
      expect(await runMigrationsLocked(ds2)).toEqual([]);
      expect(await ds2.query(`SELECT code FROM ente`)).toEqual([{ code: 'FIRENZE' }]);
    } finally {
      await ds2.destroy();
      await second.stop();
    }
    // Every migration on the WebAssembly engine, twice started: minutes on a loaded 2-core machine.
  }, 240_000);

  it('refuses a second process on the same data directory', async () => {
    // The parent of this process stands in for another live help desk holding the directory.
    writeFileSync(join(dir, 'helpdesk.pid'), String(process.ppid));
    await expect(startEmbeddedPostgres({ dataDir: dir })).rejects.toThrow(/in use by process/);
  });

  it('takes over a directory whose previous holder died', async () => {
    writeFileSync(join(dir, 'helpdesk.pid'), '999999');
    const engine = await startEmbeddedPostgres({ dataDir: dir });
    await engine.stop();
  });
});
