import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';

import type { OutageReport, OutageReportLine } from './outage-report.types';

const localTime = (d: Date | null, zone: string) =>
  d ? DateTime.fromJSDate(d, { zone }).toFormat('dd/LL/yyyy HH:mm') : '-';
/** Excel has no time zones: a cell shows the Rome wall-clock time written as if it were UTC. */
const excelLocal = (d: Date | null, zone: string) =>
  d ? DateTime.fromJSDate(d, { zone }).setZone('UTC', { keepLocalTime: true }).toJSDate() : null;
const KIND = { entes: 'Enti', users: 'Utenti' } as const;
const STATE: Record<string, string> = {
  met: 'nei tempi',
  breached: 'fuori tempo',
  running: 'in corso',
  waiting: 'in attesa dell’intervento',
  not_applicable: 'non dovuto',
};

const noticesText = (o: OutageReportLine, local: (d: Date | null) => string) =>
  o.notices.length === 0
    ? 'Nessuno / None'
    : o.notices.map((n) => `${KIND[n.kind]} ${local(n.sentAt)}`).join('; ');
const clocksText = (o: OutageReportLine) =>
  o.clocks.map((c) => `${c.code}: ${STATE[c.state] ?? c.state}`).join('; ');
const duration = (m: number | null) =>
  m === null
    ? 'in corso'
    : m < 60
      ? `${Math.round(m)} min`
      : `${Math.floor(m / 60)} h ${Math.round(m % 60)} min`;

/** The outage report as a PDF (pdfkit, A4 landscape): a summary, the SLA rows, one row per outage. */
/** Dates and times are local to `zone`. */
export function outageReportPdf(report: OutageReport, zone: string): Promise<Buffer> {
  const local = (d: Date | null) => localTime(d, zone);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 40,
    info: { Title: `Report interruzioni ${report.from} - ${report.to}`, Author: 'Help desk CST' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.fontSize(18).fillColor('#1f4e79').text('Report sui malfunzionamenti che hanno causato interruzioni');
  doc.fontSize(11).fillColor('#333').text(`Outage report - periodo ${report.from} / ${report.to}`);
  doc.text(`Generato il ${local(report.generatedAt)}`);
  doc.moveDown();
  const t = report.totals;
  doc.text(
    `Interruzioni: ${t.outages} (impreviste ${t.unplanned}, programmate ${t.planned}, in corso ${t.ongoing}); durata complessiva ${duration(t.downMinutes)}.`,
  );
  doc.moveDown();
  table(
    doc,
    ['Codice', 'SLA', 'Atteso', 'Rilevato', 'Scostamento'],
    [50, 330, 130, 130, 120],
    report.sla.map((r) => [r.code, r.title, r.target, r.measured, r.deviation]),
  );
  const deliveries = report.sla.find((r) => r.code === 'SLA.11')?.deliveries ?? [];
  if (deliveries.length) {
    doc.moveDown();
    table(
      doc,
      ['Report', 'Scadenza', 'Inviato', 'Esito'],
      [90, 120, 120, 120],
      deliveries.map((d) => [d.period, local(d.dueAt), local(d.sentAt), STATE[d.state] ?? d.state]),
    );
  }
  doc.moveDown();
  table(
    doc,
    ['Inizio', 'Fine', 'Durata', 'Servizi', 'Enti', 'Causa', 'Avvisi', 'SLA'],
    [75, 75, 55, 110, 110, 130, 105, 100],
    report.outages.map((o) => [
      `${local(o.startedAt)}${o.planned ? ' (progr.)' : ''}`,
      local(o.endedAt),
      duration(o.durationMinutes),
      `${o.title}: ${o.services.join(', ')}`,
      o.entes.join(', ') || '-',
      o.cause || '-',
      noticesText(o, local),
      clocksText(o),
    ]),
  );
  if (report.outages.length === 0) doc.text('Nessuna interruzione nel periodo / No outage in the period.');
  doc.end();
  return done;
}

function table(doc: PDFKit.PDFDocument, header: string[], widths: number[], rows: string[][]) {
  const left = doc.page.margins.left;
  const line = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i] - 4 }))) + 4;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      doc.fillColor('#000').text(c, x + 2, y + 2, { width: widths[i] - 4 });
      x += widths[i];
    });
    doc
      .moveTo(left, y + height)
      .lineTo(x, y + height)
      .strokeColor('#bbb')
      .stroke();
    doc.x = left;
    doc.y = y + height;
  };
  line(header, true);
  for (const r of rows) line(r, false);
  doc.font('Helvetica');
}

/** The same report as a workbook: an "Interruzioni" sheet (one row per outage) and an "SLA" sheet. */
/** Dates and times are local to `zone`. */
export async function outageReportXlsx(report: OutageReport, zone: string): Promise<Buffer> {
  const local = (d: Date | null) => excelLocal(d, zone);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Help desk CST';
  const sheet = workbook.addWorksheet('Interruzioni');
  sheet.addRow([`Interruzioni dal ${report.from} al ${report.to}`]).font = { bold: true, size: 13 };
  sheet.addRow([
    'Titolo',
    'Servizi',
    'Enti',
    'Programmata',
    'Inizio',
    'Avvio intervento',
    'Fine',
    'Durata (min)',
    'Causa',
    'Avviso enti',
    'Avviso utenti',
    'SLA.9',
    'SLA.10',
  ]).font = { bold: true };
  const firstNotice = (o: OutageReportLine, kind: 'entes' | 'users') =>
    o.notices.find((n) => n.kind === kind)?.sentAt ?? null;
  const clock = (o: OutageReportLine, code: string) => {
    const c = o.clocks.find((x) => x.code === code);
    return c ? (STATE[c.state] ?? c.state) : '';
  };
  for (const o of report.outages) {
    sheet.addRow([
      o.title,
      o.services.join(', '),
      o.entes.join(', '),
      o.planned ? 'sì' : 'no',
      local(o.startedAt),
      local(o.interventionStartedAt),
      local(o.endedAt),
      o.durationMinutes,
      o.cause,
      local(firstNotice(o, 'entes')),
      local(firstNotice(o, 'users')),
      clock(o, 'SLA.9'),
      clock(o, 'SLA.10'),
    ]);
  }
  for (const c of [5, 6, 7, 10, 11]) sheet.getColumn(c).numFmt = 'dd/mm/yyyy hh:mm';
  sheet.columns.forEach((column, i) => (column.width = [0, 1, 2, 8].includes(i) ? 30 : 16));
  const sla = workbook.addWorksheet('SLA');
  sla.addRow([
    'Codice',
    'SLA',
    'Atteso',
    'Rilevato',
    'Scostamento',
    'Applicati',
    'Nei tempi',
    'Fuori tempo',
    'In corso',
  ]).font = { bold: true };
  for (const r of report.sla)
    sla.addRow([r.code, r.title, r.target, r.measured, r.deviation, r.applied, r.met, r.breached, r.running]);
  sla.getColumn(2).width = 60;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
