import { createHash } from 'node:crypto';

import {
  buildAttachments,
  formatByteLimit,
  normaliseContentType,
  referencedContentIds,
  sanitiseFilename,
} from './attachment.util';

describe('sanitiseFilename', () => {
  it.each([
    ['relazione.pdf', 'application/pdf', 'relazione.pdf'],
    ['1234/../../1234.txt', 'text/plain', '1234.txt'],
    ['..\\..\\windows\\system32\\evil.dll', 'application/octet-stream', 'evil.dll'],
    ['C:\\Users\\mario\\Desktop\\modulo.docx', 'application/octet-stream', 'modulo.docx'],
    [
      'Kontoutskrift for 1506.14.90466\nBedriftskonto.pdf',
      'application/pdf',
      'Kontoutskrift for 1506.14.90466 Bedriftskonto.pdf',
    ],
    ['fattura\u202Efdp.exe', 'application/octet-stream', 'fattura fdp.exe'],
    ['.htaccess', 'text/plain', 'htaccess'],
    ['nome con spazi finali.txt. . ', 'text/plain', 'nome con spazi finali.txt'],
    ['a<b>c:d"e|f?g*h.txt', 'text/plain', 'a_b_c_d_e_f_g_h.txt'],
    ['新しいテキスト ドキュメント.txt', 'text/plain', '新しいテキスト ドキュメント.txt'],
    ['', 'image/png', 'attachment-3.png'],
    [null, 'message/rfc822', 'attachment-3.eml'],
    [undefined, 'text/watch-html', 'attachment-3.txt'],
    ['../..', 'application/x-unknown', 'attachment-3.bin'],
  ])('%j (%s) -> %j', (name, type, expected) => {
    expect(sanitiseFilename(name, type, 3)).toBe(expected);
  });

  it('truncates to 255 UTF-8 bytes keeping the extension', () => {
    const name = `${'Графік'.repeat(40)}.pdf`;
    const safe = sanitiseFilename(name, 'application/pdf', 1);
    expect(Buffer.byteLength(safe, 'utf8')).toBeLessThanOrEqual(255);
    expect(safe.endsWith('.pdf')).toBe(true);
    expect(safe.startsWith('ГрафікГрафік')).toBe(true);
  });
});

describe('normaliseContentType', () => {
  it.each([
    ['Application/PDF', 'application/pdf'],
    ['application-x-gzip', 'application/octet-stream'],
    ['', 'application/octet-stream'],
    [undefined, 'application/octet-stream'],
  ])('%j -> %j', (value, expected) => {
    expect(normaliseContentType(value)).toBe(expected);
  });
});

describe('formatByteLimit', () => {
  it.each([
    [10 * 1024 * 1024, '10 MB'],
    [1.5 * 1024 * 1024, '1.5 MB'],
    [512 * 1024, '512 KB'],
    [100, '100 byte'],
  ])('%d -> %s', (bytes, expected) => {
    expect(formatByteLimit(bytes)).toBe(expected);
  });
});

describe('referencedContentIds', () => {
  it('finds cid references in any quoting, percent-encoded or bracketed', () => {
    const ids = referencedContentIds(`<img src="cid:Logo@X"><img src='cid:a%40b'><td background=cid:<bg@c>>`);
    expect([...ids]).toEqual(['logo@x', 'a@b', 'bg@c']);
  });
});

describe('buildAttachments', () => {
  it('hashes, flags inline cid parts and refuses oversized ones', () => {
    const { attachments, refused } = buildAttachments(
      [
        { filename: 'logo.png', contentType: 'image/png', content: Buffer.from('png'), cid: 'logo@x' },
        { filename: 'unused.png', contentType: 'image/png', content: Buffer.from('png'), cid: 'unused@x' },
        { filename: 'big.zip', contentType: 'application/zip', content: Buffer.alloc(20) },
      ],
      '<img src="cid:logo@x">',
      10,
    );
    expect(attachments.map((a) => [a.filename, a.inline, a.contentId, a.size])).toEqual([
      ['logo.png', true, 'logo@x', 3],
      ['unused.png', false, 'unused@x', 3],
    ]);
    expect(attachments[0].sha256).toBe(createHash('sha256').update('png').digest('hex'));
    expect(refused).toEqual([
      {
        filename: 'big.zip',
        contentType: 'application/zip',
        size: 20,
        reason: 'supera il limite di 10 byte / exceeds the 10 byte limit',
      },
    ]);
  });
});
