import { BLOCK, fileHeader, paddedSize, padding, parseHeader, parsePax, TarFormatError } from './tar.util';

describe('tar headers', () => {
  it.each([
    ['manifest.json', 2609],
    ['files/outbox/<a@b>.eml', 0],
    [`files/outbox/${'x'.repeat(90)}/${'y'.repeat(90)}.eml`, 12], // fits ustar's prefix + name
    [`files/${'z'.repeat(240)}.eml`, 7], // fits nowhere: a pax path record
    ['files/è più lungo.eml', 1],
  ])('%s (%d bytes) reads back as written', (name, size) => {
    const header = fileHeader({ name, size, mode: 0o640, mtime: 1_800_000_000 });
    expect(header.length % BLOCK).toBe(0);
    const last = parseHeader(header.subarray(header.length - BLOCK));
    expect(last).toMatchObject({ kind: 'file', size, mode: 0o640 });
    if (header.length === BLOCK) {
      expect(last).toMatchObject({ name });
    } else {
      const pax = parseHeader(header.subarray(0, BLOCK));
      expect(pax).toMatchObject({ kind: 'pax', global: false });
      const data = header.subarray(BLOCK, BLOCK + (pax as { size: number }).size);
      expect(parsePax(data).path).toBe(name);
    }
  });

  it('writes the same number of bytes whatever the size, so the header can be written again', () => {
    for (const name of ['database.pgdump', `files/${'z'.repeat(240)}`]) {
      expect(fileHeader({ name, size: 0, mtime: 1 }).length).toBe(
        fileHeader({ name, size: 2 ** 40, mtime: 1 }).length,
      );
    }
  });

  it.each([0, 1, 0o77777777777, 0o77777777777 + 1, 50 * 2 ** 30])(
    'size %d survives (octal, then base-256)',
    (size) => {
      expect(parseHeader(fileHeader({ name: 'database.pgdump', size }))).toMatchObject({ size });
    },
  );

  it('a zero block is the end of the archive', () => {
    expect(parseHeader(Buffer.alloc(BLOCK))).toBeNull();
  });

  it.each([
    ['a flipped byte in the name', 3],
    ['a flipped byte in the size', 130],
    ['a flipped byte in the checksum', 150],
  ])('refuses %s', (_what, at) => {
    const header = fileHeader({ name: 'manifest.json', size: 10 });
    header[at] ^= 0x01;
    expect(() => parseHeader(header)).toThrow(TarFormatError);
  });

  it('refuses random bytes (not a tar)', () => {
    expect(() => parseHeader(Buffer.alloc(BLOCK, 0x41))).toThrow(TarFormatError);
  });

  it.each([
    [0, 0],
    [1, 511],
    [511, 1],
    [512, 0],
    [513, 511],
  ])('pads %d bytes with %d zeros', (size, zeros) => {
    expect(padding(size).length).toBe(zeros);
    expect(paddedSize(size)).toBe(size + zeros);
  });

  it('refuses a pax record whose length is wrong', () => {
    expect(() => parsePax(Buffer.from('99 path=x\n'))).toThrow(TarFormatError);
  });
});
