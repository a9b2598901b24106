import ExcelJS from 'exceljs';

import type { TicketCounts } from '../statistics/ticket-statistics.util';
import { CsvDialect, csvDocument } from './csv.util';

/** What the three breakdowns are cut by (GET /api/reports/tickets/by-ente|by-category|by-tag). */
export type BreakdownKey = 'ente' | 'category' | 'tag';

/** A breakdown as the api answers it: one row per ente, category or tag (id null: not set). */
export interface BreakdownReport {
  from: string;
  to: string;
  asOf: string;
  rows: { id: string | null; name: string; counts: TicketCounts }[];
}

const WORDS = {
  it: {
    key: { ente: 'Ente', category: 'Categoria', tag: 'Etichetta' } as Record<BreakdownKey, string>,
    counts: ['Nuovo', 'Aperto', 'Risolto - non di competenza', 'Risolto', 'Tot gestiti', '% Risolti'],
    notSet: '(non indicato)',
    sheet: { ente: 'Per ente', category: 'Per categoria', tag: 'Per etichetta' } as Record<
      BreakdownKey,
      string
    >,
    title: (key: BreakdownKey, from: string, to: string, asOf: string) =>
      `Ticket per ${WORDS.it.key[key].toLowerCase()} dal ${from} al ${to} (stato al ${asOf})`,
    tagNote: 'Un ticket con più etichette conta sotto ciascuna: le righe possono sommare più dei ticket.',
  },
  en: {
    key: { ente: 'Municipality', category: 'Category', tag: 'Tag' } as Record<BreakdownKey, string>,
    counts: ['New', 'Open', 'Resolved - not competent', 'Resolved', 'Handled', '% Resolved'],
    notSet: '(not set)',
    sheet: { ente: 'By municipality', category: 'By category', tag: 'By tag' } as Record<
      BreakdownKey,
      string
    >,
    title: (key: BreakdownKey, from: string, to: string, asOf: string) =>
      `Tickets per ${WORDS.en.key[key].toLowerCase()} from ${from} to ${to} (status as of ${asOf})`,
    tagNote: 'A ticket with several tags counts under each: the rows may add up to more than the tickets.',
  },
};

/** A row's name in one language: the "not set" row, and "italiano / English" names halved. */
function localName(row: { id: string | null; name: string }, lang: 'it' | 'en'): string {
  if (row.id === null) return WORDS[lang].notSet;
  const halves = row.name.split(' / ');
  return halves.length === 2 ? halves[lang === 'en' ? 1 : 0] : row.name;
}

const figures = (c: TicketCounts) => [c.new, c.open, c.resolvedNotCompetent, c.resolved, c.handled];

/**
 * A breakdown as CSV, the rows in the api's order. `it` and `en` are for a person's Excel (the
 * names in that language); `plain` is for scripts: an `id` column first (the ente's or category's
 * id, the tag's name; empty for "not set"), the api's names, Italian headers as the ticket table's.
 */
export function breakdownCsv(
  report: BreakdownReport,
  key: BreakdownKey,
  dialect: CsvDialect = 'plain',
): string {
  const words = WORDS[dialect === 'en' ? 'en' : 'it'];
  const pct = (c: TicketCounts) => (c.resolvedPct === null ? '' : c.resolvedPct.toFixed(1));
  if (dialect === 'plain') {
    return csvDocument(
      [
        ['id', key === 'category' ? 'categoria' : key === 'tag' ? 'etichetta' : 'ente', ...words.counts],
        ...report.rows.map((r) => [r.id ?? '', r.name, ...figures(r.counts), pct(r.counts)]),
      ],
      dialect,
    );
  }
  return csvDocument(
    [
      [words.key[key], ...words.counts],
      ...report.rows.map((r) => [localName(r, dialect), ...figures(r.counts), pct(r.counts)]),
    ],
    dialect,
  );
}

/** A breakdown as a workbook: a title, the header, one row each; % resolved a number with a % format. */
export async function breakdownXlsx(
  report: BreakdownReport,
  key: BreakdownKey,
  lang: 'it' | 'en' = 'it',
): Promise<Buffer> {
  const words = WORDS[lang];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Help desk CST';
  const sheet = workbook.addWorksheet(words.sheet[key]);
  sheet.addRow([words.title(key, report.from, report.to, report.asOf.slice(0, 10))]).font = {
    bold: true,
    size: 13,
  };
  const header = sheet.addRow([words.key[key], ...words.counts]);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  for (const r of report.rows) {
    sheet.addRow([
      localName(r, lang),
      ...figures(r.counts),
      r.counts.resolvedPct === null ? null : r.counts.resolvedPct / 100,
    ]);
  }
  if (key === 'tag') {
    sheet.addRow([]);
    sheet.addRow([words.tagNote]).font = { italic: true };
  }
  sheet.getColumn(7).numFmt = '0.0%';
  sheet.getColumn(1).width = 40;
  for (let i = 2; i <= 7; i++) sheet.getColumn(i).width = i === 4 ? 16 : 12;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
