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

  it.each([
    'Mail delivery failed: returning message to sender',
    'failure notice',
    'Returned mail: see transcript for details',
    'Mail System Error - Returned Mail',
    'Undeliverable: Richiesta',
    'DELIVERY FAILURE: User not listed',
    'Delivery Status Notification (Failure)',
    'Non recapitabile: Richiesta',
    'Notifica di mancata consegna',
    'Non_remis_: Richiesta',
    'Unzustellbar: Anfrage',
    'Olevererbart: Fråga',
    'Ваше сообщение не доставлено',
    '配信エラー',
    '系统退信',
  ])('a postmaster sender with the subject %j is a bounce', async (subject) => {
    const raw = `From: postmaster@mx.example.org\r\nSubject: ${subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nx\r\n`;
    const parsed = await parseInboundMail(Buffer.from(raw, 'utf8'));
    expect(parsed.kind).toBe('bounce');
    expect(parsed.sendAcknowledgement).toBe(false);
  });

  it.each([
    'Out of Office: Mario Rossi',
    'Автоответ: Заявка',
    '自動応答: お問い合わせ',
    '自动回复: 您的邮件',
  ])('the auto-reply subject %j is an auto-reply', async (subject) => {
    const raw = `From: mario@comune.example.it\r\nSubject: ${subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nx\r\n`;
    const parsed = await parseInboundMail(Buffer.from(raw, 'utf8'));
    expect(parsed.kind).toBe('auto_reply');
    expect(parsed.sendAcknowledgement).toBe(false);
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
