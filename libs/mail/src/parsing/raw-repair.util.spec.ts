import { crlf } from './mail-test.fixture';
import { markNamedInlineTextAsAttachment, repairRawMail } from './raw-repair.util';

const latin1 = (s: string) => Buffer.from(s, 'latin1').toString('latin1');
const asUtf8 = (binary: string) => Buffer.from(binary, 'latin1').toString('utf8');

describe('repairRawMail', () => {
  it('removes a BOM and an mbox separator', () => {
    const repaired = repairRawMail(`\xef\xbb\xbfFrom sender@x Mon Jan  1 00:00:00 2026\nSubject: x\n\nbody`);
    expect(repaired.source).toBe('Subject: x\n\nbody');
    expect(repaired.problems).toEqual([
      'byte order mark before the headers removed',
      'mbox From_ line removed',
    ]);
  });

  it('turns legacy 8-bit header bytes into UTF-8 using the declared charset', () => {
    const src = latin1(
      'Subject: \xd4\xc5\xd3\xd4\nContent-Type: text/plain; charset=koi8-r\n\n\xd4\xc5\xd3\xd4',
    );
    const repaired = repairRawMail(src);
    expect(asUtf8(repaired.source)).toMatch(/^Subject: тест\n/);
    // the body is left for mailparser, which decodes it with the part's charset
    expect(repaired.source.endsWith('\n\n\xd4\xc5\xd3\xd4')).toBe(true);
  });

  it('keeps UTF-8 sequences of a mixed line and reads stray bytes as windows-1252', () => {
    const repaired = repairRawMail(
      latin1(`From: ${Buffer.from('Юникод', 'utf8').toString('latin1')}\xf1 <a@b.c>\n\nx`),
    );
    expect(asUtf8(repaired.source)).toMatch(/^From: Юникодñ <a@b\.c>/);
  });

  it('rewrites raw UTF-8 file names as RFC 2231 parameters', () => {
    const name = Buffer.from('ciële.txt', 'utf8').toString('latin1');
    const src = crlf(
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      `Content-Disposition: attachment; filename=${name}`,
      '',
      'x',
      '--b--',
    );
    expect(repairRawMail(src).source).toContain("filename*=utf-8''ci%C3%ABle.txt");
  });

  it('leaves the headers of an enclosed message byte-exact', () => {
    const inner = latin1('From: Nicol\xf2 <n@x.it>\n\ncorpo');
    const src = `Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n${inner}\n--b--\n`;
    expect(repairRawMail(src).source).toContain(inner);
  });

  it('declares an unsplittable multipart root as text/plain', () => {
    const repaired = repairRawMail(crlf('Subject: x', 'Content-Type: multipart/report;', '', 'testo'));
    expect(repaired.source).toBe(crlf('Subject: x', 'Content-Type: text/plain', '', 'testo'));
  });
});

describe('markNamedInlineTextAsAttachment', () => {
  it('marks inline text parts that carry a file name, and nothing else', () => {
    const src = crlf(
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'corpo',
      '--b',
      'Content-Type: text/plain; name=" "',
      '',
      'nome vuoto',
      '--b',
      'Content-Type: text/plain; name="note.txt"',
      'Content-Disposition: inline;',
      ' filename="note.txt"',
      '',
      'note',
      '--b',
      'Content-Type: text/html; name="pagina.html"',
      '',
      '<p>x</p>',
      '--b--',
    );
    const marked = markNamedInlineTextAsAttachment(src, repairRawMail(src).structure);
    expect(marked).toContain('Content-Disposition: attachment;\r\n filename="note.txt"');
    expect(marked).toContain(
      'Content-Disposition: attachment\r\nContent-Type: text/html; name="pagina.html"',
    );
    expect(marked?.match(/Content-Disposition/g)).toHaveLength(2);
  });

  it('returns null when there is nothing to mark', () => {
    const src = crlf('Content-Type: text/plain; name="root.txt"', '', 'x');
    expect(markNamedInlineTextAsAttachment(src, repairRawMail(src).structure)).toBeNull();
  });
});
