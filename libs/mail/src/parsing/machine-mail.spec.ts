import { AMBIGUOUS_MAILS, HUMAN_LOOKALIKES, MACHINE_MAILS } from './fixtures/machine-mail.fixture';
import { parseInboundMail } from './parse-inbound-mail.util';

describe('machine mail is recognised and never acknowledged', () => {
  it.each(MACHINE_MAILS.map((f) => [f.name, f]))('%s', async (_name, fixture) => {
    const parsed = await parseInboundMail(Buffer.from(fixture.raw, 'utf8'));
    expect({ kind: parsed.kind, ack: parsed.sendAcknowledgement }).toEqual({
      kind: fixture.kind,
      ack: false,
    });
    expect(parsed.kindReasons.length).toBeGreaterThan(0);
  });

  it.each(AMBIGUOUS_MAILS.map((f) => [f.name, f]))('ambiguous: %s', async (_name, fixture) => {
    const parsed = await parseInboundMail(Buffer.from(fixture.raw, 'utf8'));
    expect({ kind: parsed.kind, ack: parsed.sendAcknowledgement }).toEqual({ kind: 'bulk', ack: false });
  });

  it.each(HUMAN_LOOKALIKES.map((f) => [f.name, f]))('a person: %s', async (_name, fixture) => {
    const parsed = await parseInboundMail(Buffer.from(fixture.raw, 'utf8'));
    expect({ kind: parsed.kind, ack: parsed.sendAcknowledgement }).toEqual({ kind: 'normal', ack: true });
  });

  it('never acknowledges to a robot Reply-To', async () => {
    const parsed = await parseInboundMail(
      Buffer.from(
        'From: Anna <anna@comune.example.it>\r\nReply-To: noreply@comune.example.it\r\nSubject: Ciao\r\n\r\nx\r\n',
      ),
    );
    expect(parsed.kind).toBe('normal');
    expect(parsed.sendAcknowledgement).toBe(false);
  });
});
