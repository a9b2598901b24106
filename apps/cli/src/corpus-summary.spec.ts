import { type CorpusLine, corpusSummary } from './corpus-summary';

const line = (over: Partial<CorpusLine>): CorpusLine => ({
  file: 'x.eml',
  outcome: 'ticket_created',
  kind: 'normal',
  from: 'persona@comune.example.it',
  acknowledged: true,
  duplicateOf: null,
  ...over,
});

describe('corpusSummary', () => {
  it('makes the figures an outside check looks at visible: crashes, machine tickets, acknowledgements, duplicates', () => {
    const summary = corpusSummary(
      [
        line({ file: 'a.eml' }),
        line({ file: 'b.eml', kind: 'bounce', outcome: 'bounce', acknowledged: false, from: null }),
        line({ file: 'c.eml', kind: 'bounce', outcome: 'ticket_created', acknowledged: false }),
        line({ file: 'd.eml', kind: 'bulk', from: 'noreply@servizi.example.it', acknowledged: true }),
        line({
          file: 'e.eml',
          outcome: 'duplicate',
          kind: 'normal',
          acknowledged: false,
          duplicateOf: 'a.eml',
        }),
      ],
      1,
      12,
      ['persona@comune.example.it', 'noreply@servizi.example.it'],
    );
    expect(summary).toEqual([
      'files: 6 (12 KiB), crashes: 1',
      'tickets opened: 3 (machine mail: 1 - c.eml)',
      'bounces/complaints: 2, as tickets: 1',
      'acknowledgements queued: 2 (to machine mail or robot addresses: 1 - d.eml)',
      'acknowledgement recipients that look like machines: 1',
      'duplicates: 1 - e.eml = a.eml',
      'by outcome: ticket_created 3, bounce 1, duplicate 1',
      'by kind: bounce 2, normal 2, bulk 1',
      'by kind/outcome: bounce/bounce 1, bounce/ticket_created 1, bulk/ticket_created 1, normal/duplicate 1, normal/ticket_created 1',
    ]);
  });

  it('counts the mails quarantined on a processing error as crashes (caught), each file once', () => {
    const summary = corpusSummary(
      [line({ file: 'a.eml', outcome: 'quarantined', acknowledged: false })],
      0,
      1,
      [],
      1,
    );
    expect(summary[0]).toBe('files: 1 (1 KiB), crashes: 1 (1 caught and quarantined)');
  });
});
