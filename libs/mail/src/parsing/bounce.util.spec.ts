import { isDelayOnly, parseDeliveryStatus } from './bounce.util';

describe('parseDeliveryStatus', () => {
  it('reads recipients, actions and statuses of every recipient block', () => {
    const dsn = [
      'Reporting-MTA: dns; mx.esempio.it',
      'Arrival-Date: Mon, 12 Jan 2026 10:00:00 +0100',
      '',
      'Final-Recipient: rfc822; Uno@Esempio.it',
      'Original-Recipient: rfc822;alias@esempio.it',
      'Action: failed',
      'Status: 5.1.1 (user unknown)',
      '',
      'Final-Recipient: RFC822; <due@esempio.it>',
      'Action: delayed',
      'Status: 4.4.7',
    ].join('\n');
    expect(parseDeliveryStatus(dsn)).toEqual({
      recipients: ['uno@esempio.it', 'due@esempio.it'],
      actions: ['failed', 'delayed'],
      statuses: ['5.1.1', '4.4.7'],
    });
  });

  it('falls back to Original-Recipient', () => {
    expect(parseDeliveryStatus('Original-Recipient: rfc822;a@b.it\nAction: failed').recipients).toEqual([
      'a@b.it',
    ]);
  });
});

describe('isDelayOnly', () => {
  it.each([
    [{ recipients: [], actions: ['delayed'], statuses: ['4.2.2'] }, true],
    [{ recipients: [], actions: [], statuses: ['4.4.1'] }, true],
    [{ recipients: [], actions: ['delayed', 'failed'], statuses: ['4.2.2', '5.1.1'] }, false],
    [{ recipients: [], actions: ['failed'], statuses: ['5.0.0'] }, false],
    [{ recipients: [], actions: [], statuses: [] }, false],
    [null, false],
  ])('%j -> %s', (status, expected) => {
    expect(isDelayOnly(status)).toBe(expected);
  });
});
