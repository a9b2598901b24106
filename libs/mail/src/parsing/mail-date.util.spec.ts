import { parseMailDate } from './mail-date.util';

describe('parseMailDate', () => {
  const now = new Date('2026-06-01T00:00:00Z');

  it.each([
    ['Tue, 13 Jan 2026 09:11:58 +0100', '2026-01-13T08:11:58.000Z'],
    ['13 Jan 2026 09:11:58 +0100', '2026-01-13T08:11:58.000Z'],
    ['24 Apr 2013 00:00:00 +0900', '2013-04-23T15:00:00.000Z'],
    ['Mon, 20 Sep 2021 21:29:21 +0200 (CEST)', '2021-09-20T19:29:21.000Z'],
    ['Wed, 20 Sep 1995 00:19:00 (EDT) -0400', '1995-09-20T04:19:00.000Z'],
    [
      'Tue,  5 Dec 2024 00:02:10 +0100',
      '2024-12-05T00:02:10.000Z'.replace('00:02', '23:02').replace('12-05', '12-04'),
    ],
    ['Fri, 01 Oct 2010 19:15:19 GMT', '2010-10-01T19:15:19.000Z'],
    ['Fri, 1 Oct 10 19:15:19 EST', '2010-10-02T00:15:19.000Z'],
    ['2026-01-13T09:11:58+01:00', '2026-01-13T08:11:58.000Z'],
    ['13 Jan 2026 09:11 +0100', '2026-01-13T08:11:00.000Z'],
  ])('%j -> %s', (raw, iso) => {
    expect(parseMailDate(raw, now)?.toISOString()).toBe(iso);
  });

  it.each([
    ['Tue, 12 Oct 2010 16:21:05 H0500'],
    ['<HR>'],
    ['domani'],
    [''],
    ['   '],
    ['Thu, 01 Jan 2099 00:00:00 +0000'],
    ['Mon, 01 Jan 1900 00:00:00 +0000'],
  ])('rejects %j', (raw) => {
    expect(parseMailDate(raw, now)).toBeNull();
  });

  it('treats a missing header as no date', () => {
    expect(parseMailDate(null)).toBeNull();
  });
});
