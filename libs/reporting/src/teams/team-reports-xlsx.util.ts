import ExcelJS from 'exceljs';

import { PerformanceReport, performanceTable } from './team-reports.util';

/** The team or agent report as a workbook: title, header, month lines, the period's totals, the notes. */
export async function performanceXlsx(report: PerformanceReport, lang: 'it' | 'en' = 'it'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Help desk CST';
  const title =
    lang === 'it'
      ? `${report.by === 'team' ? 'Team' : 'Operatori'} dal ${report.from} al ${report.to}`
      : `${report.by === 'team' ? 'Teams' : 'Agents'} from ${report.from} to ${report.to}`;
  const sheet = workbook.addWorksheet(report.by === 'team' ? 'Team' : lang === 'it' ? 'Operatori' : 'Agents');
  sheet.addRow([title]).font = { bold: true, size: 13 };
  const [header, ...lines] = performanceTable(report, lang);
  const head = sheet.addRow(header);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  lines.forEach((cells, i) => {
    const row = sheet.addRow(cells.map((c, j) => (j === 4 && typeof c === 'number' ? c / 100 : c)));
    if (i >= report.rows.length) row.font = { bold: true };
  });
  sheet.getColumn(5).numFmt = '0.0%';
  sheet.addRow([]);
  for (const note of report.notes) sheet.addRow([note[lang]]).font = { italic: true };
  sheet.columns.forEach((column, i) => (column.width = i === 1 ? 28 : 14));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
