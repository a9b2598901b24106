import { parseAsOf, retentionCutoffs } from './retention-plan';

describe('retentionCutoffs', () => {
  it('subtracts each class its days from the instant', () => {
    const asOf = new Date('2030-01-31T12:00:00Z');
    const rule = { days: 30, minimumDays: 1 };
    const cutoffs = retentionCutoffs(
      {
        rawMail: rule,
        messageBodies: { days: 365, minimumDays: 1 },
        contactDetails: rule,
        outboundMail: rule,
        auditLog: rule,
        sessions: { days: 1, minimumDays: 1 },
      },
      asOf,
    );
    expect(cutoffs.rawMail.toISOString()).toBe('2030-01-01T12:00:00.000Z');
    expect(cutoffs.messageBodies.toISOString()).toBe('2029-01-31T12:00:00.000Z');
    expect(cutoffs.sessions.toISOString()).toBe('2030-01-30T12:00:00.000Z');
  });
});

describe('parseAsOf', () => {
  it.each([
    ['2031-06-15', 'Europe/Rome', '2031-06-15T21:59:59.999Z'],
    ['2031-01-15', 'Europe/Rome', '2031-01-15T22:59:59.999Z'],
    ['2031-01-15', 'UTC', '2031-01-15T23:59:59.999Z'],
  ])('%s in %s ends at %s', (text, zone, iso) => {
    expect(parseAsOf(text, zone)?.toISOString()).toBe(iso);
  });

  it.each(['2031-02-30', '31-01-2031', 'tomorrow', '2031-13-01'])('%s is not a date', (text) => {
    expect(parseAsOf(text, 'Europe/Rome')).toBeNull();
  });
});
