import ExcelJS from 'exceljs';

import { countsByKey } from '../statistics/report-cuts.util';
import { breakdownCsv, BreakdownReport, breakdownXlsx } from './breakdown-export.util';

describe('the breakdowns by ente, category and tag as CSV and XLSX (issue 19.5)', () => {
  const report: BreakdownReport = {
    from: '2026-01-01',
    to: '2026-12-31',
    asOf: '2026-12-05T10:00:00.000Z',
    rows: countsByKey(
      [
        { period: 'pec', channel: '', status: 'resolved', n: 2 },
        { period: 'pec', channel: '', status: 'open', n: 1 },
        { period: '-', channel: '', status: 'new', n: 1 },
        { period: 'rete', channel: '', status: 'new', n: 1 },
      ],
      new Map([
        ['pec', 'Posta certificata'],
        ['rete', 'Rete comunale / Municipal network'],
      ]),
    ),
  };
  const lines = (csv: string) =>
    csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');

  it('writes Italian Excel CSV: semicolons, decimal commas, BOM, names in Italian, "not set" said', () => {
    const csv = breakdownCsv(report, 'tag', 'it');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines(csv)).toEqual([
      'Etichetta;Nuovo;Aperto;Risolto - non di competenza;Risolto;Tot gestiti;% Risolti',
      'Posta certificata;0;1;0;2;3;66,7',
      '(non indicato);1;0;0;0;1;0,0',
      'Rete comunale;1;0;0;0;1;0,0',
    ]);
  });

  it('writes English CSV with English names, and plain CSV with the ids and the api names', () => {
    expect(lines(breakdownCsv(report, 'tag', 'en'))).toEqual([
      'Tag,New,Open,Resolved - not competent,Resolved,Handled,% Resolved',
      'Posta certificata,0,1,0,2,3,66.7',
      '(not set),1,0,0,0,1,0.0',
      'Municipal network,1,0,0,0,1,0.0',
    ]);
    const plain = breakdownCsv(report, 'ente');
    expect(plain.startsWith('\uFEFF')).toBe(false);
    expect(lines(plain)[0]).toBe(
      'id,ente,Nuovo,Aperto,Risolto - non di competenza,Risolto,Tot gestiti,% Risolti',
    );
    expect(lines(plain)).toContain(',(non indicato / not set),1,0,0,0,1,0.0');
  });

  it('writes a workbook with the same rows, % resolved as a number', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await breakdownXlsx(report, 'category', 'en')) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('By category')!;
    expect(sheet.getRow(1).getCell(1).value).toBe(
      'Tickets per category from 2026-01-01 to 2026-12-31 (status as of 2026-12-05)',
    );
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      'Category',
      'New',
      'Open',
      'Resolved - not competent',
      'Resolved',
      'Handled',
      '% Resolved',
    ]);
    const first = (sheet.getRow(3).values as unknown[]).slice(1);
    expect(first.slice(0, 6)).toEqual(['Posta certificata', 0, 1, 0, 2, 3]);
    expect(first[6]).toBeCloseTo(0.667, 3);
    expect(sheet.getRow(3).getCell(7).numFmt).toBe('0.0%');
    expect(sheet.getRow(4).getCell(1).value).toBe('(not set)');
  });
});
