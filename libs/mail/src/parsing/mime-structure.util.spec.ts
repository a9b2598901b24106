import { crlf } from './mail-test.fixture';
import {
  decodeQuotedPrintable,
  decodeTransferEncoding,
  flattenMime,
  parseMimeStructure,
} from './mime-structure.util';

const types = (src: string) =>
  flattenMime(parseMimeStructure(src).root).map(
    (n) => `${'  '.repeat(n.depth)}${n.contentType}${n.insideMessage ? ' (enclosed)' : ''}`,
  );

describe('parseMimeStructure', () => {
  it('walks nested multiparts and enclosed messages', () => {
    const src = crlf(
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      'preamble',
      '--outer',
      'Content-Type: multipart/alternative; boundary="inner"',
      '',
      '--inner',
      'Content-Type: text/plain',
      '',
      'testo',
      '--inner',
      'Content-Type: text/html',
      '',
      '<p>testo</p>',
      '--inner--',
      '--outer',
      'Content-Type: message/rfc822',
      '',
      'Subject: inoltrata',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      '',
      '--r',
      'Content-Type: message/delivery-status',
      '',
      'Action: failed',
      '--r--',
      '--outer--',
      'epilogue',
    );
    expect(types(src)).toEqual([
      'multipart/mixed',
      '  multipart/alternative',
      '    text/plain',
      '    text/html',
      '  message/rfc822',
      '    multipart/report (enclosed)',
      '      message/delivery-status (enclosed)',
    ]);
    expect(parseMimeStructure(src).problems).toEqual([]);
  });

  it('gives each part its body without the line break that belongs to the delimiter', () => {
    const src = crlf(
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'riga',
      '--b--',
    );
    const [part] = parseMimeStructure(src).root.children;
    expect(src.slice(part.bodyStart, part.bodyEnd)).toBe('riga');
  });

  it('defaults parts of a digest to message/rfc822', () => {
    const src = crlf(
      'Content-Type: multipart/digest; boundary=d',
      '',
      '--d',
      '',
      'Subject: uno',
      '',
      'x',
      '--d--',
    );
    expect(types(src)).toEqual(['multipart/digest', '  message/rfc822', '    text/plain (enclosed)']);
  });

  it.each([
    [
      'no boundary parameter',
      crlf('Content-Type: multipart/mixed', '', 'x'),
      'multipart/mixed without boundary parameter',
      true,
    ],
    [
      'a boundary that never occurs',
      crlf('Content-Type: multipart/mixed; boundary=zz', '', 'x'),
      'multipart/mixed boundary never occurs in the body',
      true,
    ],
    [
      'a missing closing delimiter',
      crlf('Content-Type: multipart/mixed; boundary=b', '', '--b', '', 'x'),
      'multipart/mixed not closed (truncated message or broken boundary)',
      false,
    ],
    [
      'an invalid content type',
      crlf('Content-Type: application-x-gzip', '', 'x'),
      "invalid Content-Type 'application-x-gzip' treated as application/octet-stream",
      false,
    ],
  ])('reports %s', (_name, src, problem, unsplittable) => {
    const structure = parseMimeStructure(src);
    expect(structure.problems).toContain(problem);
    expect(structure.rootMultipartUnsplittable).toBe(unsplittable);
  });

  it('stays bounded on absurd nesting', () => {
    const src = Array.from(
      { length: 200 },
      (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`,
    ).join('');
    const structure = parseMimeStructure(src);
    expect(structure.problems).toContain('MIME structure too deep or too large: nested parts ignored');
    expect(flattenMime(structure.root).length).toBeLessThan(30);
  });

  it('uses the first of duplicated Content-Type headers', () => {
    const src = crlf(
      'Content-Type: multipart/alternative; boundary=x',
      'Content-Type: text/plain',
      '',
      '--x',
      '',
      'foo',
      '--x--',
    );
    expect(parseMimeStructure(src).root.contentType).toBe('multipart/alternative');
  });
});

describe('transfer decoding', () => {
  it('decodes quoted-printable with soft breaks and lower-case hex', () => {
    expect(decodeQuotedPrintable('Citt=e0 =\r\ndi Fi=C3=A9  \r\nfine').toString('latin1')).toBe(
      'Città di Fi\xc3\xa9\r\nfine',
    );
  });

  it('decodes base64 leniently and keeps unknown encodings raw', () => {
    const base64 = parseMimeStructure(crlf('Content-Transfer-Encoding: base64', '', 'Y2lh', 'bw==!')).root;
    expect(decodeTransferEncoding(base64).toString()).toBe('ciao');
    const unknown = parseMimeStructure(crlf('Content-Transfer-Encoding: base9000', '', 'raw')).root;
    expect(decodeTransferEncoding(unknown).toString()).toBe('raw');
  });
});
