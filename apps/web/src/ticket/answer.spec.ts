import { fillAnswer } from './answer';

describe('ready answers', () => {
  it("fill the ticket's own values and leave unknown placeholders visible", () => {
    const ticket = {
      number: '2026-000123',
      subject: 'Stampante',
      requester: { id: 'x', name: 'Anna Bianchi', email: null, phone: null },
    };
    expect(fillAnswer('Gentile {{name}}, la segnalazione {{number}} ({{subject}}) {{other}}', ticket)).toBe(
      'Gentile Anna Bianchi, la segnalazione 2026-000123 (Stampante) {{other}}',
    );
    expect(fillAnswer('Gentile {{name}},', { ...ticket, requester: null })).toBe('Gentile ,');
  });
});
