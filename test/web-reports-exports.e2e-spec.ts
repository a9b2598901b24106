import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  expectNoPlaceholders,
  expectText,
  launchBrowser,
  saveScreenshot,
  TestApp,
  watchPage,
} from '@app/testing';
import { giveTestPassword, signInThroughPage, startWebApp } from '@app/testing/web-app';
import { TicketService } from '@app/tickets';
import ExcelJS from 'exceljs';
import { readFile } from 'fs/promises';
import { Browser, Locator, Page } from 'playwright-core';
import request from 'supertest';
import { inflateSync } from 'zlib';

/** The lines of text of a pdfkit PDF (Flate streams, `[<hex> n <hex>] TJ` in WinAnsi). */
function pdfText(pdf: Buffer): string[] {
  const lines: string[] = [];
  const raw = pdf.toString('latin1');
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    try {
      const content = inflateSync(pdf.subarray(start, raw.indexOf('endstream', start))).toString('latin1');
      for (const tj of content.matchAll(/\[([^\]]*)\] TJ/g)) {
        const hex = [...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
        lines.push(Buffer.from(hex, 'hex').toString('latin1'));
      }
    } catch {
      // not a content stream
    }
  }
  return lines;
}

/**
 * The reports page's downloads in the UI language (issue 16.20): in Italian the CSVs are for
 * Italian Excel (UTF-8 BOM, semicolons, decimal commas, Italian labels, no apostrophes before
 * figures) and the PDF says its time in Rome time with Italian numbers; in English, commas, dots,
 * English labels and an English PDF.
 */
describe('web UI reports: CSV and PDF downloads in the UI language (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let browser: Browser | undefined;
  let base: string;
  const year = new Date().getFullYear();

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp());
    f = await createBasicFixtures(t.dataSource);
    await giveTestPassword(t.dataSource, [f.supervisor]);
    // Three phone calls this year, one resolved: 33.3% resolved.
    const ids: string[] = [];
    for (const days of [1, 2, 3]) {
      const res = await request(t.http)
        .post('/api/tickets')
        .set(authHeaders(f.agent))
        .send({
          channel: 'phone',
          subject: `Chiamata ${days}`,
          enteId: f.ente.id,
          receivedAt: new Date(Date.now() - days * 3_600_000).toISOString(),
          requester: { name: 'Ugo Bassi', phone: '055 2223344' },
        })
        .expect(201);
      ids.push((res.body as { id: string }).id);
    }
    const tickets = t.app.get(TicketService);
    const actor = { id: f.agent.id };
    await tickets.act(ids[0], { type: 'take_charge', agentId: f.agent.id }, actor);
    await tickets.act(ids[0], { type: 'resolve', resolution: 'Fatto', notCompetent: false }, actor);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const download = async (page: Page, link: Locator): Promise<Buffer> => {
    const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
    return readFile((await file.path())!);
  };

  it('gives Italian Excel CSVs and an Italian PDF in Italian, English ones in English', async () => {
    if (!browser) return;
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'it-IT',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signInThroughPage(page, base, f.supervisor.email);
    await page.getByRole('link', { name: 'Report' }).click();
    await expectText(page.locator('.reports'), `${year}-01-01 → ${year}-12-31`);

    // The tickets' CSV: BOM, semicolons, decimal comma, channels and headers in Italian.
    const ticketsCsv = page.getByRole('link', { name: 'CSV', exact: true }).first();
    expect(await ticketsCsv.getAttribute('href')).toContain('lang=it');
    const tickets = await download(page, ticketsCsv);
    expect([...tickets.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const ticketLines = tickets.toString('utf8').slice(1).trim().split('\r\n');
    expect(ticketLines[0]).toBe(
      'periodo;canale;Nuovo;Aperto;Risolto - non di competenza;Risolto;Tot gestiti;% Risolti',
    );
    expect(ticketLines.find((l) => l.startsWith('totale;Telefono;'))).toMatch(
      /^totale;Telefono;\d;\d;0;1;3;33,3$/,
    );
    expect(ticketLines.join('\n')).not.toMatch(/;phone;|;'|^'/m);

    // The SLA table's CSV: the same dialect, no apostrophe before a figure or a dash.
    const slaCsv = page.getByRole('link', { name: 'CSV', exact: true }).nth(1);
    expect(await slaCsv.getAttribute('href')).toContain('/api/reports/sla');
    const sla = (await download(page, slaCsv)).toString('utf8');
    expect(sla.charCodeAt(0)).toBe(0xfeff);
    expect(sla.split('\r\n')[0]).toMatch(/^\uFEFFCodice;SLA;Atteso;/);
    expect(sla).not.toMatch(/;'/);

    // The whole PDF: Rome time on the cover, Italian numbers.
    const pdfLink = page.getByRole('link', { name: 'Report completo PDF' });
    expect(await pdfLink.getAttribute('href')).toContain('lang=it');
    const italianPdf = pdfText(await download(page, pdfLink));
    expect(italianPdf.find((l) => l.startsWith('Generato il'))).toMatch(
      /^Generato il \d\d\/\d\d\/\d{4} \d\d:\d\d \(ora di Roma\) dal help desk$/,
    );
    expect(italianPdf).toContain('33,3%');
    expect(italianPdf.join('\n')).not.toContain('UTC');
    await expectNoPlaceholders(page);
    // The page's own figures in Italian too: the share outside office hours, the row with no category.
    await expectText(page.locator('.reports'), /Fuori orario \(08-18\): \d+,\d%/);
    const noCategory = page.getByRole('table', { name: 'Ticket per categoria' }).getByRole('rowheader');
    expect(await noCategory.allTextContents()).toEqual(['(non indicato)']);
    await page.setViewportSize({ width: 1280, height: 900 });
    await saveScreenshot(page, 'reports-exports-1280');

    // In English: commas, dots, English words.
    await page.getByRole('button', { name: /English/ }).click();
    const englishCsv = page.getByRole('link', { name: 'CSV', exact: true }).first();
    expect(await englishCsv.getAttribute('href')).toContain('lang=en');
    const english = (await download(page, englishCsv)).toString('utf8').slice(1).trim().split('\r\n');
    expect(english[0]).toBe('period,channel,New,Open,Resolved - not competent,Resolved,Handled,% Resolved');
    expect(english.find((l) => l.startsWith('total,Phone,'))).toMatch(/^total,Phone,\d,\d,0,1,3,33\.3$/);
    await expectText(page.locator('.reports'), /Outside office hours \(08-18\): \d+\.\d%/);
    expect(
      await page
        .getByRole('table', { name: 'Tickets per category' })
        .getByRole('rowheader')
        .allTextContents(),
    ).toEqual(['(not set)']);

    await saveScreenshot(page, 'reports-exports-english-1280');

    // The workbooks too: English sheet, headers, channels and SLA words.
    const englishXlsx = page.getByRole('link', { name: 'XLSX', exact: true }).first();
    expect(await englishXlsx.getAttribute('href')).toContain('lang=en');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download(page, englishXlsx)) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Tickets')!;
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Period',
      'Channel',
      'New',
      'Open',
      'Resolved - not competent',
      'Resolved',
      'Handled',
      '% Resolved',
    ]);
    expect(sheet.getColumn(2).values).toContain('Phone');
    expect(sheet.getColumn(2).values).not.toContain('Telefono');
    const slaXlsx = page.getByRole('link', { name: 'XLSX', exact: true }).nth(1);
    expect(await slaXlsx.getAttribute('href')).toContain('lang=en');
    const slaBook = new ExcelJS.Workbook();
    await slaBook.xlsx.load((await download(page, slaXlsx)) as unknown as ArrayBuffer);
    expect(slaBook.getWorksheet('SLA')!.getRow(2).getCell(3).value).toBe('Target');

    const englishPdfLink = page.getByRole('link', { name: 'Full PDF report' });
    expect(await englishPdfLink.getAttribute('href')).toContain('lang=en');
    const englishPdf = pdfText(await download(page, englishPdfLink));
    expect(englishPdf.find((l) => l.startsWith('Generated on'))).toMatch(/\(Rome time\) by the help desk$/);
    expect(englishPdf).toContain('33.3%');
    expect(englishPdf).toContain('Tickets per month and channel');
    await expectNoPlaceholders(page);

    expect(watch.dialogs).toEqual([]);
    expect(watch.errors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
    await context.close();
  }, 180_000);
});
