import { scrubTimelinePayload } from './timeline-scrub';

describe('scrubTimelinePayload', () => {
  it.each([
    [
      'status_changed',
      { from: 'open', to: 'resolved', reason: 'Mario Rossi ha confermato', redirectedTo: null },
      { from: 'open', to: 'resolved', redirectedTo: null, anonymised: true },
    ],
    [
      'message',
      {
        direction: 'in',
        via: 'email',
        from: 'mario.rossi@example.it',
        fromName: 'Mario Rossi',
        messageId: '<a@b>',
      },
      { direction: 'in', via: 'email', anonymised: true },
    ],
    [
      'field_changed',
      { field: 'subject', from: 'Stampante di Mario Rossi', to: 'Stampante' },
      { field: 'subject', anonymised: true },
    ],
    [
      'field_changed',
      { field: 'categoryId', from: 'a', to: 'b' },
      { field: 'categoryId', from: 'a', to: 'b', anonymised: true },
    ],
    [
      'phone_call',
      { callId: 'c1', direction: 'in', number: '+393331234567', status: 'answered', talkSeconds: 60 },
      { callId: 'c1', direction: 'in', number: null, status: 'answered', talkSeconds: 60, anonymised: true },
    ],
    [
      'mail_failed',
      { outboundId: 'o', messageId: 'm', to: ['mario@example.it'], reason: '550 mario@example.it unknown' },
      { outboundId: 'o', messageId: 'm', to: [], anonymised: true },
    ],
    [
      'created',
      { channel: 'email', malfunction: false, enteId: 'e', requesterId: 'r', imported: true },
      {
        channel: 'email',
        malfunction: false,
        enteId: 'e',
        requesterId: 'r',
        imported: true,
        anonymised: true,
      },
    ],
    ['some_future_type', { name: 'Mario Rossi' }, { anonymised: true }],
  ])('%s keeps only what is not personal', (type, payload, expected) => {
    expect(scrubTimelinePayload(type, payload)).toEqual(expected);
  });

  it('keeps the status a historical report reads', () => {
    const scrubbed = scrubTimelinePayload('status_changed', { from: 'new', to: 'open' });
    expect(scrubbed.to).toBe('open');
  });
});
