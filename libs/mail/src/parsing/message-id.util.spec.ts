import { fallbackMessageId, normaliseMessageId, parseMessageIdList } from './message-id.util';

describe('normaliseMessageId', () => {
  it.each([
    ['<abc@example.com>', '<abc@example.com>'],
    ['  <abc@example.com>  ', '<abc@example.com>'],
    ['abc@example.com', '<abc@example.com>'],
    ['<abc@\r\n example.com>', '<abc@example.com>'],
    ['<invalid.   \r\nsomething@bar.net>', '<invalid.something@bar.net>'],
    ['"Mario Rossi" <abc@example.com>', '<abc@example.com>'],
    ['<first@example.com> <second@example.com>', '<first@example.com>'],
    ['<1234.5678>', '<1234.5678>'],
    [
      '<opec275.20260201100000.12345.01.1.1@pec.aruba.it>',
      '<opec275.20260201100000.12345.01.1.1@pec.aruba.it>',
    ],
    [
      '<notification.20150830145600.1.4.5f4fd063@127.0.0.1:3000>',
      '<notification.20150830145600.1.4.5f4fd063@127.0.0.1:3000>',
    ],
    ['', null],
    ['   ', null],
    ['<>', null],
    ['< >', null],
    ['not an id', null],
    ['abc', null],
    ['a@b@c', null],
    ['<ab"c@example.com>', null],
    ['<ab,c@example.com>', null],
    [`<${'x'.repeat(1000)}@example.com>`, null],
  ])('%j -> %j', (value, expected) => {
    expect(normaliseMessageId(value)).toBe(expected);
  });

  it('returns null for values that are not strings', () => {
    expect(normaliseMessageId(undefined as unknown as string)).toBeNull();
  });
});

describe('parseMessageIdList', () => {
  it.each([
    [
      ['<a@example.com> <b@example.com>', '<a@example.com>'],
      ['<a@example.com>', '<b@example.com>'],
    ],
    [['<a@example.com>,\r\n\t<b@example.com>'], ['<a@example.com>', '<b@example.com>']],
    [
      ['<foo@bar.net>', '<baz@bar.net>, <invalid.   something@bar.net>'],
      ['<foo@bar.net>', '<baz@bar.net>', '<invalid.something@bar.net>'],
    ],
    // a bare address in In-Reply-To (spam, old clients) is not a message id
    [['someone@yahoo.com'], []],
    [[''], []],
    [['Your message of Tue, 1 Jan 2002 <x@y.z>'], ['<x@y.z>']],
  ])('%j -> %j', (values, expected) => {
    expect(parseMessageIdList(values)).toEqual(expected);
  });
});

describe('fallbackMessageId', () => {
  const message = (body: string, received = 'Received: from a by b; Mon, 12 Jan 2026 10:00:00 +0100') =>
    [received, 'From: mario.rossi@comune.esempio.it', 'Subject: Senza id', '', body].join('\r\n');

  it('has the <sha256@hash.invalid> form and is stable', () => {
    const id = fallbackMessageId(message('Testo'));
    expect(id).toMatch(/^<[0-9a-f]{64}@hash\.invalid>$/);
    expect(fallbackMessageId(message('Testo'))).toBe(id);
  });

  it('changes with the body', () => {
    expect(fallbackMessageId(message('Testo A'))).not.toBe(fallbackMessageId(message('Testo B')));
  });

  it('ignores trace headers and line-ending changes, which differ between deliveries of one mail', () => {
    const a = fallbackMessageId(message('Riga 1\r\nRiga 2'));
    const b = fallbackMessageId(
      message('Riga 1\nRiga 2  ', 'Received: from c by d; Mon, 12 Jan 2026 10:05:00 +0100'),
    );
    expect(b).toBe(a);
  });
});
