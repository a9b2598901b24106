import ExcelJS from 'exceljs';

import { CsvDialect, csvDocument } from '../export/csv.util';
import type { CallReport } from './call-report.service';

const MONTHS = [
  'gennaio',
  'febbraio',
  'marzo',
  'aprile',
  'maggio',
  'giugno',
  'luglio',
  'agosto',
  'settembre',
  'ottobre',
  'novembre',
  'dicembre',
];

const HEADER = [
  'Mese',
  'Chiamate in arrivo',
  'Risposte',
  'Perse',
  'Perse e mai richiamate',
  'In uscita',
  'Tempo di risposta mediano (s)',
];

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const HEADER_EN = [
  'Month',
  'Incoming calls',
  'Answered',
  'Missed',
  'Missed, never called back',
  'Outbound',
  'Median answer time (s)',
];

/** The calls of a year as rows: one per month, the year's total last (no median for the total). */
function rows(report: CallReport, english = false): (string | number | null)[][] {
  return [
    ...report.months.map((m) => [
      `${(english ? MONTHS_EN : MONTHS)[m.month - 1]} ${report.year}`,
      m.incoming,
      m.answered,
      m.missed,
      m.missedNotCalledBack,
      m.outbound,
      m.medianAnswerSeconds,
    ]),
    [
      `${english ? 'Total' : 'Totale'} ${report.year}`,
      report.total.incoming,
      report.total.answered,
      report.total.missed,
      report.total.missedNotCalledBack,
      report.total.outbound,
      null,
    ],
  ];
}

/** The phone line's year as CSV, the same figures as the reports page (issue 24.6). */
export function callReportCsv(report: CallReport, dialect: CsvDialect = 'plain'): string {
  const english = dialect === 'en';
  return csvDocument([english ? HEADER_EN : HEADER, ...rows(report, english)], dialect);
}

/** The phone line's year as a workbook. */
export async function callReportXlsx(report: CallReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Help desk CST';
  const sheet = workbook.addWorksheet('Telefonate');
  sheet.addRow([`Telefonate del ${report.year}`]).font = { bold: true, size: 13 };
  const header = sheet.addRow(HEADER);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  for (const row of rows(report)) sheet.addRow(row);
  sheet.lastRow!.font = { bold: true };
  sheet.getColumn(1).width = 18;
  for (let c = 2; c <= HEADER.length; c++) sheet.getColumn(c).width = 14;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
