import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { FileHandle, open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { extract, Header, pack } from 'tar-stream';

import { BackupError, corrupt } from './backup.errors';
import { ArchivedEntry, BackupPart, MANIFEST_NAME } from './backup-manifest';

/** tar's unit: headers take whole blocks and data is padded with zeros to a whole block. */
const BLOCK = 512;

/** Two zero blocks close an archive; a file that lacks them was cut short. */
const END_OF_ARCHIVE = Buffer.alloc(BLOCK * 2);

const CHUNK = 1 << 20;

const paddedSize = (size: number) => Math.ceil(size / BLOCK) * BLOCK;

interface PartHeader {
  name: string;
  size: number;
  mode: number;
  mtime: Date;
}

/** tar-stream's streams (streamx) are typed as yielding `unknown`; on Node they yield Buffers. */
async function collect(stream: AsyncIterable<unknown>, upTo = Infinity): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length >= upTo) break;
  }
  return Buffer.concat(chunks);
}

/**
 * The header blocks tar-stream writes before a regular file's data (a pax header first when the
 * name does not fit ustar). tar-stream wants the size before the data, which a dump being made
 * does not have: so the blocks are taken from a pack of that one entry. For an empty entry they
 * are the whole output but the end of the archive; for any other size they are as long (the size
 * field is fixed, the pax header depends on the name only) and come out first, before any data.
 */
export async function fileHeader(header: PartHeader): Promise<Buffer> {
  const empty = pack();
  empty.entry({ ...header, size: 0, type: 'file' }, Buffer.alloc(0));
  empty.finalize();
  const blocks = (await collect(empty)).subarray(0, -END_OF_ARCHIVE.length);
  if (header.size === 0) return blocks;
  const sized = pack();
  // The entry's data is never written: the pack is dropped once its header blocks are out.
  sized.entry({ ...header, type: 'file' });
  const out = (await collect(sized, blocks.length)).subarray(0, blocks.length);
  sized.destroy();
  return out;
}

/**
 * Writes the backup tar part by part. tar-stream encodes every header; each part streams in
 * behind a provisional header (size 0) that is written again with the real size once the part
 * has ended, so a dump of any size goes straight into the file (no second copy on disk) and is
 * hashed on the way.
 */
export class ArchiveWriter {
  private position = 0;

  private constructor(private readonly handle: FileHandle) {}

  /** `path` must not exist: the caller writes to a temporary name and renames it when complete. */
  static async create(path: string): Promise<ArchiveWriter> {
    return new ArchiveWriter(await open(path, 'wx', 0o600));
  }

  async add(name: string, data: AsyncIterable<Buffer | string> | Buffer, mode = 0o600): Promise<BackupPart> {
    const header: PartHeader = { name, size: 0, mode, mtime: new Date() };
    const start = this.position;
    const provisional = await fileHeader(header);
    await this.write(provisional);
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of Buffer.isBuffer(data) ? [data] : data) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(bytes);
      size += bytes.length;
      await this.write(bytes);
    }
    await this.write(Buffer.alloc(paddedSize(size) - size));
    const final = await fileHeader({ ...header, size });
    if (final.length !== provisional.length) throw new Error(`tar header of ${name} changed length`);
    await this.write(final, start);
    return { name, size, sha256: hash.digest('hex') };
  }

  /** The end-of-archive blocks, then fsync: a backup that reports success is on the disk. */
  async finish(): Promise<number> {
    await this.write(END_OF_ARCHIVE);
    await this.handle.sync();
    await this.handle.close();
    return this.position;
  }

  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }

  /** At the end of the file, or over bytes already written (`at`). */
  private async write(bytes: Buffer, at?: number): Promise<void> {
    let position = at ?? this.position;
    for (let done = 0; done < bytes.length;) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, position);
      done += bytesWritten;
      position += bytesWritten;
    }
    if (at === undefined) this.position = position;
  }
}

export interface IndexedEntry extends ArchivedEntry {
  /** Where the entry's data starts in the file. */
  offset: number;
}

export interface ArchiveIndex {
  entries: Map<string, IndexedEntry>;
  manifestText: string;
  fileSize: number;
}

const cut = (at: number) =>
  corrupt(
    `il file finisce a ${at.toLocaleString('it-IT')} byte`,
    `the file ends at ${at.toLocaleString('en-GB')} bytes`,
  );

/** tar-stream's words for input that stops inside a header or an entry's data. */
const UNEXPECTED_END = 'Unexpected end of data';

/** What tar-stream refused, said for the operator; `next` is where the refused header was due. */
function tarRefusal(error: Error, next: number, fileSize: number) {
  if (error.message === UNEXPECTED_END) return cut(fileSize);
  return next === 0
    ? corrupt(
        'non è un backup del help desk (non è un file tar)',
        'it is not a help desk backup (not a tar file)',
      )
    : corrupt(`intestazione non valida al byte ${next}`, `bad header at byte ${next}`);
}

async function hashEntry(entry: AsyncIterable<unknown>, keep: boolean) {
  const hash = createHash('sha256');
  const kept: Buffer[] = [];
  for await (const chunk of entry) {
    hash.update(chunk as Buffer);
    if (keep) kept.push(chunk as Buffer);
  }
  return { sha256: hash.digest('hex'), data: Buffer.concat(kept) };
}

function checkEntry(header: Header, entries: Map<string, IndexedEntry>): void {
  if (header.type !== 'file' && header.type !== 'contiguous-file') {
    throw corrupt(`voce inattesa ${header.name}`, `unexpected entry ${header.name}`);
  }
  if (entries.has(header.name)) {
    throw corrupt(`${header.name} compare due volte`, `${header.name} appears twice`);
  }
}

/**
 * Reads the whole file once through tar-stream: every header's checksum, every entry's SHA-256,
 * the end-of-archive blocks (a file cut short lacks them). Writes nothing; the caller compares the
 * result with the manifest before it touches anything.
 */
export async function indexArchive(
  path: string,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<ArchiveIndex> {
  const fileSize = (await stat(path)).size;
  if (fileSize === 0) throw corrupt('il file è vuoto', 'the file is empty');
  const entries = new Map<string, IndexedEntry>();
  let manifestText: string | undefined;
  /** Where the header after the last entry read is due: the end of that entry's padded data. */
  let next = 0;
  let read = 0;
  const source = createReadStream(path, { highWaterMark: CHUNK });
  source.on('data', (chunk) => {
    read += chunk.length;
    onProgress(read, fileSize);
  });
  const tar = extract();
  const reading = pipeline(source, tar);
  // Its failure is also the loop's (tar-stream ends the entries with it): awaited below, not lost.
  reading.catch(() => undefined);
  try {
    for await (const entry of tar) {
      checkEntry(entry.header, entries);
      // `offset` is where the entry's own header starts (after any pax header): one block before its data.
      const offset = entry.offset + BLOCK;
      const { size, name } = entry.header;
      const { sha256, data } = await hashEntry(entry, name === MANIFEST_NAME);
      entries.set(name, { offset, size, sha256 });
      if (name === MANIFEST_NAME) manifestText = data.toString('utf8');
      next = offset + paddedSize(size);
    }
    await reading;
  } catch (error) {
    await reading.catch(() => undefined);
    // tar-stream's refusals are plain errors; a system one (EACCES, EIO...) is not the file's fault.
    if (error instanceof BackupError || !(error instanceof Error) || 'code' in error) throw error;
    throw tarRefusal(error, next, fileSize);
  }
  // tar-stream passes over zero blocks wherever they are: the two that end the archive must follow
  // the last entry, or the file was cut at an entry's edge.
  if (fileSize - next < END_OF_ARCHIVE.length) throw cut(fileSize);
  onProgress(fileSize, fileSize);
  if (manifestText === undefined) throw corrupt('manca manifest.json', 'manifest.json is missing');
  return { entries, manifestText, fileSize };
}

async function readExactly(handle: FileHandle, length: number, position: number) {
  const buffer = Buffer.alloc(length);
  for (let done = 0; done < length;) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw cut(position + done);
    done += bytesRead;
  }
  return buffer;
}

/** One entry's bytes as a stream (the PostgreSQL dump, a stored file). */
export function entryStream(path: string, entry: IndexedEntry): Readable {
  if (entry.size === 0) return Readable.from([]);
  return createReadStream(path, { start: entry.offset, end: entry.offset + entry.size - 1 });
}

/** One entry's bytes in memory (the embedded engine's dump, which PGlite takes as a Blob anyway). */
export async function readEntry(path: string, entry: IndexedEntry): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    return await readExactly(handle, entry.size, entry.offset);
  } finally {
    await handle.close();
  }
}
