import {
  CJK_SUBJECTS,
  cjkEncodedWordMail,
  crOnlyMail,
  EMPTY_CONTENT_TYPE,
  headerlessMail,
  OBSOLETE_ADDRESS,
  PADDED_BOUNDARY,
  RAW_BYTE_IN_ENCODED_WORD,
  RAW_LATIN1_HEADERS,
  TNEF_MAIL,
} from './fixtures/content-mail.fixture';
import { parseInboundMail } from './parse-inbound-mail.util';

describe('content of mail in the wild is kept', () => {
  it('reads the parts after boundary delimiters padded with blanks (RFC 2046)', async () => {
    const parsed = await parseInboundMail(PADDED_BOUNDARY);
    expect(parsed.text).toBe('Vi allego il modulo compilato.');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['modulo.pdf', 'application/pdf'],
    ]);
  });

  it('defaults an empty Content-Type to text/plain, and to a file for a named part', async () => {
    const parsed = await parseInboundMail(EMPTY_CONTENT_TYPE);
    expect(parsed.subject).toBe('Tipo vuoto');
    expect(parsed.from?.address).toBe('anna.bianchi@comune.example.it');
    expect(parsed.text).toBe('Testo con un tipo vuoto.');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([
      ['dati.bin', 'application/octet-stream', 3],
    ]);
  });

  it('decodes raw 8-bit bytes inside an encoded word in the word charset', async () => {
    expect((await parseInboundMail(RAW_BYTE_IN_ENCODED_WORD)).subject).toBe('Frösche');
  });

  it('decodes raw Latin-1 headers', async () => {
    const parsed = await parseInboundMail(RAW_LATIN1_HEADERS);
    expect(parsed.subject).toBe('Frösche und Kröten');
    expect(parsed.from).toEqual({ name: 'José García', address: 'jose@comune.example.it' });
    expect(parsed.text).toBe('Grüsse.');
  });

  it.each(CJK_SUBJECTS.map((c) => [c.charset, c]))(
    'decodes %s encoded words and raw headers',
    async (_c, cjk) => {
      expect((await parseInboundMail(cjkEncodedWordMail(cjk.encoded))).subject).toBe(cjk.text);
      const raw = await parseInboundMail(cjk.raw);
      expect(raw.subject).toBe(cjk.text);
      expect(raw.text).toBe(cjk.text);
    },
  );

  it('reads raw 8-bit headers in the charset of the encoded words beside them when the body declares none', async () => {
    const gbk = Buffer.from([0xb2, 0xe2, 0xca, 0xd4]); // 测试
    const raw = Buffer.concat([
      Buffer.from('From: =?gb2312?B?1cXI/Q==?= <zhang@example.cn>\r\nSubject: '),
      gbk,
      Buffer.from('\r\n\r\nx\r\n'),
    ]);
    const parsed = await parseInboundMail(raw);
    expect(parsed.subject).toBe('测试');
    expect(parsed.from?.name).toBe('张三');
  });

  it('reads obsolete RFC 822 addresses with comments', async () => {
    const parsed = await parseInboundMail(OBSOLETE_ADDRESS);
    expect(parsed.from).toEqual({ name: 'Pete', address: 'pete@silly.test' });
    expect(parsed.sendAcknowledgement).toBe(true);
  });

  it('reads CR-only mail and gives different ones different ids', async () => {
    const [one, two] = await Promise.all([parseInboundMail(crOnlyMail(1)), parseInboundMail(crOnlyMail(2))]);
    expect(one.subject).toBe('Richiesta numero 1');
    expect(one.from?.address).toBe('utente@vecchio.example');
    expect(one.text).toBe('Testo della richiesta numero 1.');
    expect(one.messageId).not.toBe(two.messageId);
    // The same bytes again are the same mail.
    expect((await parseInboundMail(crOnlyMail(1))).messageId).toBe(one.messageId);
  });

  it('keeps the text of header-less mail and gives different ones different ids', async () => {
    const [one, two] = await Promise.all([
      parseInboundMail(headerlessMail(1)),
      parseInboundMail(headerlessMail(2)),
    ]);
    expect(one.text).toBe('Testo senza intestazioni numero 1.\nSeconda riga.');
    expect(one.messageId).not.toBe(two.messageId);
  });

  it('keeps winmail.dat (TNEF) as an attachment', async () => {
    const parsed = await parseInboundMail(TNEF_MAIL);
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['winmail.dat', 'application/ms-tnef'],
    ]);
  });
});
