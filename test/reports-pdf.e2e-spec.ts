import { authHeaders, BasicFixtures, createBasicFixtures, createTestApp, TestApp } from '@app/testing';
import { DateTime } from 'luxon';
import request from 'supertest';
import { inflateSync } from 'zlib';

/**
 * The text a PDF shows, page after page: pdfkit writes each line as `[<hex> kerning <hex>] TJ`
 * inside Flate-compressed content streams, in WinAnsi for its standard fonts.
 */
function pdfText(pdf: Buffer): string[] {
  const lines: string[] = [];
  const raw = pdf.toString('latin1');
  const streams = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = streams.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[([^\]]*)\] TJ/g)) {
      const hex = [...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
      lines.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return lines;
}

/**
 * The period report PDF (issue 16.20): the cover's time on the consortium's clock (Europe/Rome,
 * not UTC), numbers the Italian way (99,7%), values on the charts' axes; the English UI's PDF in
 * English.
 */
describe('the period report PDF in the reader’s language and time (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    for (const day of ['05', '06', '07']) {
      await request(t.http)
        .post('/api/tickets')
        .set(authHeaders(f.agent))
        .send({
          channel: 'phone',
          requester: { name: 'Cittadino', phone: '055 123' },
          enteId: f.ente.id,
          subject: 'Segnalazione di prova',
          receivedAt: new Date(`2016-04-${day}T10:00:00+02:00`).toISOString(),
        })
        .expect(201);
    }
  });
  afterAll(() => t?.close());

  const pdf = async (query: Record<string, string>) => {
    const before = new Date();
    const res = await request(t.http)
      .get('/api/reports/period.pdf')
      .query(query)
      .set(authHeaders(f.supervisor))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    // The minutes the report can have been made in, on the Rome clock.
    const minutes = [before, new Date()].map((d) =>
      DateTime.fromJSDate(d, { zone: 'Europe/Rome' }).toFormat('dd/MM/yyyy HH:mm'),
    );
    return { text: pdfText(res.body as Buffer), minutes };
  };

  it('says on the cover when it was made in Rome time, writes 0,0% and numbers its axes', async () => {
    const { text, minutes } = await pdf({ from: '2016-04-01', to: '2016-06-30' });
    const cover = text.find((l) => l.startsWith('Generato il'));
    expect(cover).toBeDefined();
    expect(cover).not.toContain('UTC');
    expect(minutes.map((m) => `Generato il ${m} (ora di Roma) dal help desk`)).toContain(cover);
    // Three tickets, none resolved: "0,0%" in the ticket table, never "0.0%".
    expect(text).toContain('0,0%');
    expect(text).not.toContain('0.0%');
    expect(text).toContain('Telefono');
    // The charts' value axes: the unit and round values from 0 to the top (3 tickets in April).
    expect(text.filter((l) => l === 'segnalazioni')).toHaveLength(2);
    for (const tick of ['0', '1', '2', '3']) expect(text).toContain(tick);
  });

  it('is in English with English numbers when the English UI asks', async () => {
    const { text, minutes } = await pdf({ from: '2016-04-01', to: '2016-06-30', lang: 'en' });
    const cover = text.find((l) => l.startsWith('Generated on'));
    expect(minutes.map((m) => `Generated on ${m} (Rome time) by the help desk`)).toContain(cover);
    expect(text).toContain('Tickets per month and channel');
    expect(text).toContain('0.0%');
    expect(text).toContain('Phone');
    expect(text).not.toContain('Telefono');
  });
});
