/**
 * The few pieces of the POSIX tar format (ustar, with pax headers for long names) a backup file
 * needs. The backup is an ordinary tar so that an administrator can list it (`tar tvf`) and pull
 * the PostgreSQL dump out of it by hand; writing it ourselves keeps a dependency out and lets the
 * database part stream in before its size is known (the header is written again at the end).
 */
export const BLOCK = 512;

/** Two zero blocks close an archive; a file that lacks them was cut short. */
export const END_OF_ARCHIVE = Buffer.alloc(BLOCK * 2);

/** Octal fits 8 GiB - 1 in the 12-byte size field; beyond it the GNU base-256 form (tar, bsdtar read it). */
const MAX_OCTAL_SIZE = 0o77777777777;

export interface TarEntry {
  name: string;
  size: number;
  /** Default 0o600: the archive holds personal data and, on the embedded engine, a key. */
  mode?: number;
  /** Seconds since the epoch. */
  mtime?: number;
}

export type TarHeader =
  | { kind: 'file'; name: string; size: number; mode: number }
  | { kind: 'pax'; size: number; global: boolean }
  | { kind: 'other'; name: string; size: number; type: string };

export class TarFormatError extends Error {}

/** Bytes of zeros that bring `size` up to a whole block. */
export function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

/** Blocks taken by `size` bytes of data. */
export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

function writeString(block: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new TarFormatError(`tar field too long: ${value}`);
  bytes.copy(block, offset);
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  writeString(block, offset, length, value.toString(8).padStart(length - 1, '0'));
}

function writeSize(block: Buffer, size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new TarFormatError(`bad tar size ${size}`);
  if (size <= MAX_OCTAL_SIZE) return writeOctal(block, 124, 12, size);
  block[124] = 0x80;
  let rest = BigInt(size);
  for (let i = 135; i > 124; i -= 1) {
    block[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

function readSize(block: Buffer): number {
  if (block[124] & 0x80) {
    let value = 0n;
    for (let i = 125; i < 136; i += 1) value = (value << 8n) | BigInt(block[i]);
    return Number(value);
  }
  return readOctal(block, 124, 12);
}

function readString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function readOctal(block: Buffer, offset: number, length: number): number {
  const text = readString(block, offset, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError('tar header: a number field is not octal');
  return parseInt(text, 8);
}

function checksum(block: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  return sum;
}

function ustarBlock(name: string, prefix: string, size: number, type: string, mode: number, mtime: number) {
  const block = Buffer.alloc(BLOCK);
  writeString(block, 0, 100, name);
  writeOctal(block, 100, 8, mode);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeSize(block, size);
  writeOctal(block, 136, 12, mtime);
  block.write(type, 156, 'ascii');
  block.write('ustar\u000000', 257, 'binary');
  writeString(block, 345, 155, prefix);
  writeString(block, 148, 8, `${checksum(block).toString(8).padStart(6, '0')}\u0000 `);
  return block;
}

/** Splits a path into ustar's prefix (155 bytes) and name (100 bytes), or null when it cannot. */
function splitName(path: string): { prefix: string; name: string } | null {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') {
      return { prefix, name };
    }
  }
  return null;
}

/** One pax record, `"<len> path=<value>\n"`, whose length counts its own digits. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body);
  while (String(length).length + Buffer.byteLength(body) !== length) {
    length = String(length).length + Buffer.byteLength(body);
  }
  return `${length}${body}`;
}

/**
 * The header blocks of a regular file. A name that ustar cannot hold goes in a pax header first,
 * so the header's length depends on the name only: the same entry written again with its final
 * size takes exactly the same bytes.
 */
export function fileHeader(entry: TarEntry): Buffer {
  const mode = entry.mode ?? 0o600;
  const mtime = entry.mtime ?? Math.floor(Date.now() / 1000);
  const split = splitName(entry.name);
  if (split) return ustarBlock(split.name, split.prefix, entry.size, '0', mode, mtime);
  const pax = Buffer.from(paxRecord('path', entry.name), 'utf8');
  return Buffer.concat([
    ustarBlock('PaxHeader', '', pax.length, 'x', 0o600, mtime),
    pax,
    padding(pax.length),
    ustarBlock(entry.name.slice(-100).replace(/^[^/]*\//, ''), '', entry.size, '0', mode, mtime),
  ]);
}

/** Parses one header block; null for a zero block (the end of the archive). */
export function parseHeader(block: Buffer): TarHeader | null {
  if (block.length !== BLOCK) throw new TarFormatError('tar header: short block');
  if (block.every((byte) => byte === 0)) return null;
  if (readOctal(block, 148, 8) !== checksum(block)) throw new TarFormatError('tar header: bad checksum');
  const type = String.fromCharCode(block[156] || 0x30);
  const size = readSize(block);
  const prefix = readString(block, 345, 155);
  const base = readString(block, 0, 100);
  const name = prefix ? `${prefix}/${base}` : base;
  if (type === 'x' || type === 'g') return { kind: 'pax', size, global: type === 'g' };
  if (type === '0' || type === '\u0000' || type === '7') {
    return { kind: 'file', name, size, mode: readOctal(block, 100, 8) };
  }
  return { kind: 'other', name, size, type };
}

/** The records of a pax header's data. */
export function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = Number(data.subarray(at, space).toString('ascii'));
    if (space === -1 || !Number.isInteger(length) || length <= 0 || at + length > data.length) {
      throw new TarFormatError('tar pax header: bad record');
    }
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq === -1) throw new TarFormatError('tar pax header: bad record');
    records[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return records;
}
