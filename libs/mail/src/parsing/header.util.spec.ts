import {
  hasParam,
  parseHeaderBlock,
  parseHeaderLines,
  parseStructuredHeader,
  splitHeaderBlock,
} from './header.util';

describe('parseHeaderLines', () => {
  it('unfolds, keeps duplicates and lower-cases names', () => {
    expect(parseHeaderLines('Subject: uno\r\n due\r\nReferences: <a@b>\r\nReferences: <c@d>\r\n')).toEqual([
      { name: 'subject', value: 'uno due' },
      { name: 'references', value: '<a@b>' },
      { name: 'references', value: '<c@d>' },
    ]);
  });

  it('appends a continuation line without indentation to the previous field', () => {
    expect(parseHeaderLines('References: <baz@bar.net>, <invalid.\nsomething@bar.net>\nTo: a@b')).toEqual([
      { name: 'references', value: '<baz@bar.net>, <invalid. something@bar.net>' },
      { name: 'to', value: 'a@b' },
    ]);
  });

  it('reads a first field indented by mistake', () => {
    expect(parseHeaderLines(' From: James <j@x.example>\nSubject: s')).toEqual([
      { name: 'from', value: 'James <j@x.example>' },
      { name: 'subject', value: 's' },
    ]);
  });
});

describe('splitHeaderBlock', () => {
  it.each([
    ['A: 1\r\nB: 2\r\n\r\nbody', 14],
    ['A: 1\nB: 2\n\nbody', 11],
    ['\r\nbody', 2],
    ['A: 1', 4],
  ])('%j: body at %d', (src, bodyStart) => {
    expect(splitHeaderBlock(src).bodyStart).toBe(bodyStart);
  });

  it('parses a block and reports where the body starts', () => {
    const block = parseHeaderBlock('Subject: x\n\ncorpo');
    expect(block.headers).toEqual([{ name: 'subject', value: 'x' }]);
    expect(block.bodyStart).toBe(12);
  });
});

describe('parseStructuredHeader', () => {
  it('splits parameters respecting quotes and escapes', () => {
    expect(
      parseStructuredHeader('Multipart/Mixed; boundary="a;b=c"; Charset=UTF-8; name="x \\"y\\""'),
    ).toEqual({
      value: 'multipart/mixed',
      params: { boundary: 'a;b=c', charset: 'UTF-8', name: 'x "y"' },
    });
  });

  it('detects non-blank file name parameters in every RFC 2231 form', () => {
    expect(hasParam({ 'filename*0*': "utf-8''%E6%96%B0" }, 'filename')).toBe(true);
    expect(hasParam({ 'name*': "utf-8''abc" }, 'name')).toBe(true);
    expect(hasParam({ name: ' ' }, 'name')).toBe(false);
    expect(hasParam({ charset: 'x' }, 'name')).toBe(false);
  });
});
