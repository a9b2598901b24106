import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { FileHandle, open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

import { corrupt } from './backup.errors';
import { ArchivedEntry, BackupPart, MANIFEST_NAME } from './backup-manifest';
import {
  BLOCK,
  END_OF_ARCHIVE,
  fileHeader,
  paddedSize,
  padding,
  parseHeader,
  parsePax,
  TarFormatError,
} from './tar.util';

const CHUNK = 1 << 20;

/**
 * Writes the backup tar part by part. Each part streams in with a provisional header that is
 * written again with the real size once the part has ended, so a dump of any size goes straight
 * into the file (no second copy on disk) and is hashed on the way.
 */
export class ArchiveWriter {
  private position = 0;

  private constructor(private readonly handle: FileHandle) {}

  /** `path` must not exist: the caller writes to a temporary name and renames it when complete. */
  static async create(path: string): Promise<ArchiveWriter> {
    return new ArchiveWriter(await open(path, 'wx', 0o600));
  }

  async add(name: string, data: AsyncIterable<Buffer | string> | Buffer, mode = 0o600): Promise<BackupPart> {
    const mtime = Math.floor(Date.now() / 1000);
    const start = this.position;
    const provisional = fileHeader({ name, size: 0, mode, mtime });
    await this.write(provisional);
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of Buffer.isBuffer(data) ? [data] : data) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(bytes);
      size += bytes.length;
      await this.write(bytes);
    }
    await this.write(padding(size));
    const header = fileHeader({ name, size, mode, mtime });
    await this.handle.write(header, 0, header.length, start);
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

  private async write(bytes: Buffer): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, this.position);
      done += bytesWritten;
      this.position += bytesWritten;
    }
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

async function readExactly(handle: FileHandle, length: number, position: number, fileSize: number) {
  if (position + length > fileSize) throw cut(fileSize);
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw cut(position + done);
    done += bytesRead;
  }
  return buffer;
}

async function hashRange(
  handle: FileHandle,
  offset: number,
  size: number,
  onBytes: (position: number) => void,
): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(Math.min(CHUNK, Math.max(size, 1)));
  for (let done = 0; done < size;) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - done), offset + done);
    if (bytesRead === 0) throw cut(offset + done);
    hash.update(buffer.subarray(0, bytesRead));
    done += bytesRead;
    onBytes(offset + done);
  }
  return hash.digest('hex');
}

/**
 * Reads the whole file once: every header's checksum, every entry's SHA-256, the end-of-archive
 * blocks (a file cut short lacks them). Writes nothing; the caller compares the result with the
 * manifest before it touches anything.
 */
export async function indexArchive(
  path: string,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<ArchiveIndex> {
  const fileSize = (await stat(path)).size;
  const handle = await open(path, 'r');
  const entries = new Map<string, IndexedEntry>();
  let manifestText: string | undefined;
  try {
    let position = 0;
    let paxPath: string | undefined;
    for (;;) {
      if (position + BLOCK > fileSize) {
        throw position === 0 && fileSize === 0
          ? corrupt('il file è vuoto', 'the file is empty')
          : cut(fileSize);
      }
      const block = await readExactly(handle, BLOCK, position, fileSize);
      let header;
      try {
        header = parseHeader(block);
      } catch (error) {
        if (!(error instanceof TarFormatError)) throw error;
        throw position === 0
          ? corrupt(
              'non è un backup del help desk (non è un file tar)',
              'it is not a help desk backup (not a tar file)',
            )
          : corrupt(`intestazione non valida al byte ${position}`, `bad header at byte ${position}`);
      }
      if (header === null) {
        // The second zero block must be there too: a file cut inside the end marker is cut.
        const second = await readExactly(handle, BLOCK, position + BLOCK, fileSize);
        if (!second.every((b) => b === 0)) throw corrupt('fine archivio non valida', 'bad end of archive');
        break;
      }
      const offset = position + BLOCK;
      if (offset + header.size > fileSize) throw cut(fileSize);
      position = offset + paddedSize(header.size);
      if (header.kind === 'pax') {
        const records = parsePax(await readExactly(handle, header.size, offset, fileSize));
        if (!header.global) paxPath = records.path;
        continue;
      }
      if (header.kind === 'other') {
        throw corrupt(`voce inattesa ${header.name}`, `unexpected entry ${header.name}`);
      }
      const name = paxPath ?? header.name;
      paxPath = undefined;
      if (entries.has(name)) throw corrupt(`${name} compare due volte`, `${name} appears twice`);
      const sha256 = await hashRange(handle, offset, header.size, (at) => onProgress(at, fileSize));
      entries.set(name, { offset, size: header.size, sha256 });
      if (name === MANIFEST_NAME) {
        manifestText = (await readExactly(handle, header.size, offset, fileSize)).toString('utf8');
      }
    }
    onProgress(fileSize, fileSize);
  } catch (error) {
    if (error instanceof TarFormatError) throw corrupt(error.message, error.message);
    throw error;
  } finally {
    await handle.close();
  }
  if (manifestText === undefined) throw corrupt('manca manifest.json', 'manifest.json is missing');
  return { entries, manifestText, fileSize };
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
    return await readExactly(handle, entry.size, entry.offset, entry.offset + entry.size);
  } finally {
    await handle.close();
  }
}
