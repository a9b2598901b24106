import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { BackupError } from './backup.errors';
import { ArchiveWriter, entryStream, indexArchive, readEntry } from './backup-archive';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('backup archive', () => {
  let dir: string;
  let file: string;
  const dump = Buffer.alloc(70_000, 7);
  const longName = `files/outbox/${'m'.repeat(150)}@cst.example.eml`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backup-archive-'));
    file = join(dir, 'a.hdb');
    const writer = await ArchiveWriter.create(file);
    // The dump arrives in pieces of unknown total size, as pg_dump's output does.
    await writer.add('database.pgdump', Readable.from([dump.subarray(0, 1000), dump.subarray(1000)]));
    await writer.add(longName, Buffer.from('From: a\r\n'));
    await writer.add('files/empty', Buffer.alloc(0));
    await writer.add('manifest.json', Buffer.from('{"x":1}'));
    await writer.finish();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('indexes every entry with its size and SHA-256, and reads each back', async () => {
    const index = await indexArchive(file);
    expect([...index.entries.keys()]).toEqual(['database.pgdump', longName, 'files/empty', 'manifest.json']);
    expect(index.entries.get('database.pgdump')).toMatchObject({ size: dump.length, sha256: sha(dump) });
    expect(index.manifestText).toBe('{"x":1}');
    expect(await readEntry(file, index.entries.get('database.pgdump')!)).toEqual(dump);
    const chunks: Buffer[] = [];
    for await (const chunk of entryStream(file, index.entries.get(longName)!)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('From: a\r\n');
    expect(await readEntry(file, index.entries.get('files/empty')!)).toEqual(Buffer.alloc(0));
  });

  it('is a tar that GNU tar lists, long names included', () => {
    const listing = execFileSync('tar', ['tf', file], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual(['database.pgdump', longName, 'files/empty', 'manifest.json']);
  });

  it('refuses the file cut at any point, saying it is incomplete', async () => {
    const whole = readFileSync(file);
    const cuts = [
      0,
      1,
      511,
      512,
      513,
      40_000,
      whole.length - 1024 - 1,
      whole.length - 1024,
      whole.length - 512,
      whole.length - 1,
    ];
    for (const at of cuts) {
      const cut = join(dir, `cut-${at}.hdb`);
      writeFileSync(cut, whole.subarray(0, at));
      const error = await indexArchive(cut).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackupError);
      expect(error).toMatchObject({ code: 'corrupt' });
      expect((error as Error).message).toContain('Nothing was changed');
    }
  });

  it('refuses a file that is not a tar', async () => {
    const other = join(dir, 'other.hdb');
    writeFileSync(other, Buffer.alloc(4096, 0x41));
    await expect(indexArchive(other)).rejects.toMatchObject({
      code: 'corrupt',
      message: expect.stringContaining('not a tar'),
    });
  });

  it('hashes what is there: a changed byte in a part changes its SHA-256', async () => {
    const whole = readFileSync(file);
    const altered = join(dir, 'altered.hdb');
    whole[512 + 100] ^= 0xff;
    writeFileSync(altered, whole);
    const index = await indexArchive(altered);
    expect(index.entries.get('database.pgdump')!.sha256).not.toBe(sha(dump));
  });
});
