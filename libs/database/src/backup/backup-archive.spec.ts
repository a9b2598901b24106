import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { extract, Header, pack } from 'tar-stream';

import { BackupError } from './backup.errors';
import { ArchiveWriter, entryStream, fileHeader, indexArchive, readEntry } from './backup-archive';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The first entry's header as tar-stream reads it back (the data need not follow). */
async function readHeader(bytes: Buffer): Promise<Header> {
  const tar = extract();
  const header = new Promise<Header>((resolve) => tar.once('entry', (h: Header) => resolve(h)));
  tar.write(bytes);
  const read = await header;
  tar.destroy();
  return read;
}

async function packed(build: (p: ReturnType<typeof pack>) => void): Promise<Buffer> {
  const p = pack();
  build(p);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('tar headers (tar-stream)', () => {
  const mtime = new Date(1_800_000_000_000);

  it.each([
    ['manifest.json', 2609],
    ['files/outbox/<a@b>.eml', 0],
    [`files/outbox/${'x'.repeat(90)}/${'y'.repeat(90)}.eml`, 12], // fits ustar's prefix + name
    [`files/${'z'.repeat(240)}.eml`, 7], // fits nowhere: a pax path record
    ['files/è più lungo.eml', 1],
  ])('%s (%d bytes) reads back as written', async (name, size) => {
    const header = await fileHeader({ name, size, mode: 0o640, mtime });
    expect(header.length % 512).toBe(0);
    expect(await readHeader(header)).toMatchObject({ name, size, mode: 0o640, type: 'file', mtime });
  });

  it('takes the same number of bytes whatever the size, so the header can be written again', async () => {
    for (const name of ['database.pgdump', `files/${'z'.repeat(240)}`]) {
      const empty = await fileHeader({ name, size: 0, mode: 0o600, mtime });
      const big = await fileHeader({ name, size: 2 ** 40, mode: 0o600, mtime });
      expect(big.length).toBe(empty.length);
    }
  });

  it.each([0, 1, 0o77777777777, 0o77777777777 + 1, 50 * 2 ** 30])(
    'size %d survives (octal, then base-256)',
    async (size) => {
      const header = await fileHeader({ name: 'database.pgdump', size, mode: 0o600, mtime });
      expect(await readHeader(header)).toMatchObject({ size });
    },
  );
});

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
    expect(execFileSync('tar', ['-xOf', file, longName], { encoding: 'utf8' })).toBe('From: a\r\n');
    expect(execFileSync('tar', ['-xOf', file, 'database.pgdump'])).toEqual(dump);
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
      // Cut inside a header, inside data, or just before the end-of-archive blocks: said so.
      expect((error as BackupError).english).toMatch(at === 0 ? /the file is empty/ : /the file ends at/);
    }
  });

  it('refuses a damaged header, saying where', async () => {
    const whole = readFileSync(file);
    const second = 512 + Math.ceil(dump.length / 512) * 512;
    for (const at of [3, 130, 150].map((i) => second + i)) {
      const damaged = join(dir, `damaged-${at}.hdb`);
      const copy = Buffer.from(whole);
      copy[at] ^= 0x01;
      writeFileSync(damaged, copy);
      await expect(indexArchive(damaged)).rejects.toMatchObject({
        code: 'corrupt',
        english: expect.stringContaining(`bad header at byte ${second}`),
      });
    }
  });

  it.each([
    [
      'an entry that is not a regular file',
      (p: ReturnType<typeof pack>) => p.entry({ name: 'files', type: 'directory' }),
      'unexpected entry files',
    ],
    [
      'a name twice',
      (p: ReturnType<typeof pack>) => {
        p.entry({ name: 'manifest.json' }, '{}');
        p.entry({ name: 'manifest.json' }, '{}');
      },
      'manifest.json appears twice',
    ],
    [
      'no manifest',
      (p: ReturnType<typeof pack>) => p.entry({ name: 'database.pgdump' }, 'x'),
      'manifest.json is missing',
    ],
  ])('refuses %s', async (_what, build, why) => {
    const odd = join(dir, 'odd.hdb');
    writeFileSync(odd, await packed(build));
    await expect(indexArchive(odd)).rejects.toMatchObject({
      code: 'corrupt',
      english: expect.stringContaining(why),
    });
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
