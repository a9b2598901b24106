import { buildTicketStatistics, StatusCountRow, ticketStatisticsCsv } from './ticket-statistics.util';

describe('the ticket table as CSV for a person’s spreadsheet (issue 16.20)', () => {
  const rows: StatusCountRow[] = [
    { period: '2017-01-01', channel: 'phone', status: 'resolved', n: 2 },
    { period: '2017-01-01', channel: 'phone', status: 'open', n: 1 },
    { period: '2017-01-01', channel: 'email', status: 'resolved', n: 3 },
  ];
  const report = buildTicketStatistics(rows, {
    from: '2017-01-01',
    to: '2017-12-31',
    groupBy: 'year',
    asOf: new Date('2018-01-01T00:00:00Z'),
  });

  it('names the channels in Italian, with semicolons and decimal commas, for Italian Excel', () => {
    const lines = ticketStatisticsCsv(report, 'it')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toContain('2017;Telefono;0;1;0;2;3;66,7');
    expect(lines).toContain('2017;E-mail;0;0;0;3;3;100,0');
    expect(lines.join('\n')).not.toMatch(/phone|email/);
  });

  it('names them in English for the English UI, and keeps the codes in plain CSV', () => {
    expect(ticketStatisticsCsv(report, 'en')).toContain('2017,Phone,0,1,0,2,3,66.7');
    expect(ticketStatisticsCsv(report)).toContain('2017,phone,0,1,0,2,3,66.7');
  });
});
