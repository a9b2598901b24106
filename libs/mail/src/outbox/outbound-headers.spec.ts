import { outboundHeaders } from './outbox-sender.service';

describe('outboundHeaders (RFC 3834)', () => {
  it('marks automatic mail Auto-Submitted and an agent’s answer not', () => {
    for (const kind of ['ack', 'attachment_refused', 'notification', 'report'] as const) {
      expect(outboundHeaders(kind)).toMatchObject({ 'Auto-Submitted': 'auto-generated' });
    }
    expect(outboundHeaders('reply')).not.toHaveProperty('Auto-Submitted');
    // Delivery reports of an answer still come back: only out-of-office and auto-replies held.
    expect(outboundHeaders('reply')).toEqual({ 'X-Auto-Response-Suppress': 'OOF, AutoReply' });
  });
});
