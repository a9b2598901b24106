import { dedupKey } from './inbound-message.util';

const message = (body: string, eol: string) =>
  Buffer.from(
    ['Message-ID: <uno@esempio.it>', 'Subject: Prova', '', ...body.split('\n'), ''].join(eol),
    'latin1',
  );

describe('dedupKey', () => {
  it('is the same for one mail stored with CRLF, LF or CR-only line ends', () => {
    const keys = ['\r\n', '\n', '\r'].map((eol) =>
      dedupKey(message('riga uno\nriga due', eol), '<uno@esempio.it>'),
    );
    expect(new Set(keys).size).toBe(1);
  });

  it('tells apart different CR-only mails that share a Message-ID', () => {
    expect(dedupKey(message('primo', '\r'), '<uno@esempio.it>')).not.toBe(
      dedupKey(message('secondo', '\r'), '<uno@esempio.it>'),
    );
  });
});
