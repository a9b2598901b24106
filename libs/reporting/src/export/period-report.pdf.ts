import PDFDocument from 'pdfkit';

import type { SlaComplianceRow } from '../sla/sla-compliance.util';
import type { ArrivalsByHour } from '../statistics/report-cuts.util';
import type { TicketCounts, TicketStatistics } from '../statistics/ticket-statistics.util';

export interface PeriodReportData {
  title: string;
  from: string;
  to: string;
  generatedAt: Date;
  sla: SlaComplianceRow[];
  tickets: TicketStatistics;
  arrivals: ArrivalsByHour;
}

const CHANNEL_NAMES: Record<string, string> = {
  email: 'E-mail',
  phone: 'Telefono',
  web: 'Web',
  monitoring: 'Monitoraggio',
};
const COLOURS = ['#1f4e79', '#c55a11', '#548235', '#7f6000'];
const MARGIN = 50;

/**
 * The period report in the spirit of the consortium's documents: a title page, the SLA table
 * (code, SLA, target, measured, deviation), the ticket table per month and channel, and charts
 * of monthly volume and arrivals by hour. Drawn with pdfkit, no browser involved.
 */
export function renderPeriodReportPdf(data: PeriodReportData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `${data.title} ${data.from} - ${data.to}`,
      Author: 'Help desk CST',
      Creator: 'Help desk CST',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  titlePage(doc, data);
  doc.addPage();
  heading(doc, 'Livelli di servizio (SLA)');
  table(
    doc,
    ['Codice', 'SLA', 'Atteso', 'Rilevato', 'Scostamento'],
    [50, 165, 110, 60, 110],
    data.sla.map((r) => [r.code, r.title, r.target, r.measured, r.deviation]),
  );
  doc.moveDown();
  doc
    .fontSize(8)
    .fillColor('#555')
    .text(
      'SLA.1-SLA.5 dal monitoraggio (uptime, tempo di risposta); SLA.6-SLA.8 e CED dai ticket, in ore lavorative del calendario del CST salvo SLA.8 (ore dalla comunicazione): quando qualcuno è fuori tempo, Rilevato è la quota nei tempi; SLA.9-SLA.10 dagli avvisi delle interruzioni (tempo reale dall’avvio dell’intervento); SLA.11 dagli invii del report sulle interruzioni.',
    );

  doc.addPage();
  heading(doc, 'Segnalazioni per mese e canale');
  const channel = (c: string) => CHANNEL_NAMES[c] ?? c;
  const rows: string[][] = [
    ...data.tickets.periods.flatMap((p) =>
      data.tickets.channels.map((c) => countsRow(p.label, channel(c), p.byChannel[c])),
    ),
    ...data.tickets.channels.map((c) => countsRow('Totale', channel(c), data.tickets.totals.byChannel[c])),
    countsRow('Totale', 'Totale', data.tickets.totals.overall),
  ];
  table(
    doc,
    ['Periodo', 'Canale', 'Nuovo', 'Aperto', 'Non di comp.', 'Risolto', 'Tot gestiti', '% Risolti'],
    [60, 70, 50, 50, 65, 55, 60, 55],
    rows,
  );

  doc.addPage();
  heading(doc, 'Volume mensile per canale');
  barChart(
    doc,
    data.tickets.periods.map((p) => p.label),
    data.tickets.channels.map((c) => ({
      name: CHANNEL_NAMES[c] ?? c,
      values: data.tickets.periods.map((p) => p.byChannel[c].handled),
    })),
  );
  doc.moveDown(2);
  heading(doc, `Arrivi per ora del giorno (fuori orario 18-8: ${pct(data.arrivals.outsideOfficeHoursPct)})`);
  barChart(
    doc,
    data.arrivals.hours.map((h) => String(h.hour)),
    [{ name: 'Segnalazioni', values: data.arrivals.hours.map((h) => h.tickets) }],
  );

  doc.end();
  return done;
}

function countsRow(period: string, channel: string, n: TicketCounts): string[] {
  return [
    period,
    channel,
    `${n.new}`,
    `${n.open}`,
    `${n.resolvedNotCompetent}`,
    `${n.resolved}`,
    `${n.handled}`,
    pct(n.resolvedPct),
  ];
}

function pct(value: number | null): string {
  return value === null ? '-' : `${value.toFixed(1)}%`;
}

function titlePage(doc: PDFKit.PDFDocument, data: PeriodReportData): void {
  doc.moveDown(8);
  doc.fontSize(22).fillColor('#1f4e79').text('Centro Servizi Tecnologico', { align: 'center' });
  doc.moveDown();
  doc.fontSize(16).fillColor('#000').text(data.title, { align: 'center' });
  doc.moveDown();
  doc.fontSize(12).text(`Periodo: dal ${data.from} al ${data.to}`, { align: 'center' });
  doc.moveDown(6);
  doc
    .fontSize(9)
    .fillColor('#555')
    .text(`Generato il ${data.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC dal help desk`, {
      align: 'center',
    });
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  doc.fontSize(14).fillColor('#1f4e79').text(text, MARGIN);
  doc.moveDown(0.5);
}

function table(doc: PDFKit.PDFDocument, header: string[], widths: number[], rows: string[][]): void {
  const line = (cells: string[], bold: boolean) => {
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(8)
      .fillColor('#000');
    const heights = cells.map((c, i) => doc.heightOfString(c, { width: widths[i] - 4 }));
    const height = Math.max(...heights) + 6;
    if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.text(c, x + 2, y + 3, { width: widths[i] - 4 });
      x += widths[i];
    });
    doc
      .moveTo(MARGIN, y + height)
      .lineTo(x, y + height)
      .strokeColor('#bbb')
      .lineWidth(0.5)
      .stroke();
    doc.x = MARGIN;
    doc.y = y + height;
  };
  line(header, true);
  rows.forEach((r) => line(r, false));
  doc.font('Helvetica');
}

function barChart(
  doc: PDFKit.PDFDocument,
  labels: string[],
  series: { name: string; values: number[] }[],
): void {
  const width = doc.page.width - 2 * MARGIN;
  const height = 160;
  if (doc.y + height + 40 > doc.page.height - MARGIN) doc.addPage();
  const top = doc.y;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const slot = width / Math.max(1, labels.length);
  const bar = Math.max(1, (slot * 0.8) / series.length);
  doc
    .moveTo(MARGIN, top + height)
    .lineTo(MARGIN + width, top + height)
    .strokeColor('#000')
    .lineWidth(0.5)
    .stroke();
  labels.forEach((label, i) => {
    series.forEach((s, j) => {
      const h = (s.values[i] / max) * height;
      doc
        .rect(MARGIN + i * slot + slot * 0.1 + j * bar, top + height - h, bar - 1, h)
        .fill(COLOURS[j % COLOURS.length]);
    });
    doc
      .fillColor('#000')
      .fontSize(6)
      .text(label, MARGIN + i * slot, top + height + 3, { width: slot, align: 'center' });
  });
  doc.fontSize(7).text(`massimo ${max}`, MARGIN, top - 10);
  let x = MARGIN;
  series.forEach((s, j) => {
    doc.rect(x, top + height + 16, 8, 8).fill(COLOURS[j % COLOURS.length]);
    doc
      .fillColor('#000')
      .fontSize(8)
      .text(s.name, x + 12, top + height + 16);
    x += 90;
  });
  doc.x = MARGIN;
  doc.y = top + height + 32;
}
