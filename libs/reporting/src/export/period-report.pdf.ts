import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';

import type { SlaComplianceRow } from '../sla/sla-compliance.util';
import type { ArrivalsByHour } from '../statistics/report-cuts.util';
import type { TicketCounts, TicketStatistics } from '../statistics/ticket-statistics.util';

export type PdfLanguage = 'it' | 'en';

export interface PeriodReportData {
  title: string;
  from: string;
  to: string;
  generatedAt: Date;
  /** The zone the cover's time is said in: the consortium's calendar (Europe/Rome). */
  zone: string;
  /** The report's words and number format (issue 16.20): Italian unless the English UI asks. */
  lang?: PdfLanguage;
  sla: SlaComplianceRow[];
  tickets: TicketStatistics;
  arrivals: ArrivalsByHour;
}

const WORDS = {
  it: {
    channels: { email: 'E-mail', phone: 'Telefono', web: 'Web', monitoring: 'Monitoraggio' } as Record<
      string,
      string
    >,
    sla: 'Livelli di servizio (SLA)',
    slaHeader: ['Codice', 'SLA', 'Atteso', 'Rilevato', 'Scostamento'],
    slaNote:
      'SLA.1-SLA.5 dal monitoraggio (uptime, tempo di risposta); SLA.6-SLA.8 e CED dai ticket, in ore lavorative del calendario del CST salvo SLA.8 (ore dalla comunicazione): quando qualcuno è fuori tempo, Rilevato è la quota nei tempi; SLA.9-SLA.10 dagli avvisi delle interruzioni (tempo reale dall’avvio dell’intervento); SLA.11 dagli invii del report sulle interruzioni.',
    tickets: 'Segnalazioni per mese e canale',
    ticketHeader: [
      'Periodo',
      'Canale',
      'Nuovo',
      'Aperto',
      'Non di comp.',
      'Risolto',
      'Tot gestiti',
      '% Risolti',
    ],
    total: 'Totale',
    volume: 'Volume mensile per canale',
    arrivals: (share: string) => `Arrivi per ora del giorno (fuori orario 18-8: ${share})`,
    arrivalsSeries: 'Segnalazioni',
    ticketsAxis: 'segnalazioni',
    period: (from: string, to: string) => `Periodo: dal ${from} al ${to}`,
    generated: (at: string, zone: string) =>
      `Generato il ${at} (ora di ${zoneCity(zone, 'it')}) dal help desk`,
    dateTime: 'dd/MM/yyyy HH:mm',
  },
  en: {
    channels: { email: 'E-mail', phone: 'Phone', web: 'Web', monitoring: 'Monitoring' } as Record<
      string,
      string
    >,
    sla: 'Service levels (SLA)',
    slaHeader: ['Code', 'SLA', 'Target', 'Measured', 'Deviation'],
    slaNote:
      'SLA.1-SLA.5 from monitoring (uptime, response time); SLA.6-SLA.8 and CED from the tickets, in business hours of the CST calendar except SLA.8 (hours from the call): when some are late, Measured is the share on time; SLA.9-SLA.10 from the outage notices (real time from the start of work); SLA.11 from the outage reports sent.',
    tickets: 'Tickets per month and channel',
    ticketHeader: ['Period', 'Channel', 'New', 'Open', 'Not compet.', 'Resolved', 'Handled', '% Resolved'],
    total: 'Total',
    volume: 'Monthly volume per channel',
    arrivals: (share: string) => `Arrivals by hour of day (outside office hours 18-8: ${share})`,
    arrivalsSeries: 'Tickets',
    ticketsAxis: 'tickets',
    period: (from: string, to: string) => `Period: ${from} to ${to}`,
    generated: (at: string, zone: string) =>
      `Generated on ${at} (${zoneCity(zone, 'en')} time) by the help desk`,
    dateTime: 'dd/MM/yyyy HH:mm',
  },
};

/** "Europe/Rome" -> "Roma" / "Rome": the city of the zone, as people say the time. */
function zoneCity(zone: string, lang: PdfLanguage): string {
  if (zone === 'Europe/Rome') return lang === 'it' ? 'Roma' : 'Rome';
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

/** A number as the report's language writes it: 99,7 and 12.345 in Italian, 99.7 and 12,345 in English. */
export function pdfNumber(value: number, lang: PdfLanguage = 'it', decimals?: number): string {
  return value.toLocaleString(lang === 'en' ? 'en-GB' : 'it-IT', {
    minimumFractionDigits: decimals ?? 0,
    maximumFractionDigits: decimals ?? 3,
  });
}

/** The figures inside a phrase ("99.996%", "+1.496%") in the report's language. */
export function pdfPhrase(text: string, lang: PdfLanguage = 'it'): string {
  return lang === 'it' ? text.replace(/(\d)\.(\d)/g, '$1,$2') : text;
}

/** The cover's line: when the report was made, on the consortium's clock (not UTC). */
export function generatedLine(at: Date, zone: string, lang: PdfLanguage = 'it'): string {
  const words = WORDS[lang];
  return words.generated(DateTime.fromJSDate(at, { zone }).toFormat(words.dateTime), zone);
}

/**
 * The values of a chart's vertical axis: from zero to a round top at or above the largest value,
 * in 2 to 5 whole steps of 1, 2 or 5 times a power of ten.
 */
export function axisTicks(max: number): number[] {
  const top = Math.max(1, max);
  const rough = top / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const ticks: number[] = [];
  for (let v = 0; v < top + step; v += step) {
    ticks.push(v);
    if (v >= top) break;
  }
  return ticks;
}
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

  const lang = data.lang ?? 'it';
  const words = WORDS[lang];
  titlePage(doc, data, lang);
  doc.addPage();
  heading(doc, words.sla);
  table(
    doc,
    words.slaHeader,
    [50, 165, 110, 60, 110],
    data.sla.map((r) => {
      const text = lang === 'en' && r.en ? r.en : r;
      return [
        r.code,
        text.title,
        pdfPhrase(text.target, lang),
        pdfPhrase(text.measured, lang),
        pdfPhrase(text.deviation, lang),
      ];
    }),
  );
  doc.moveDown();
  doc.fontSize(8).fillColor('#555').text(words.slaNote);

  doc.addPage();
  heading(doc, words.tickets);
  const channel = (c: string) => words.channels[c] ?? c;
  const rows: string[][] = [
    ...data.tickets.periods.flatMap((p) =>
      data.tickets.channels.map((c) => countsRow(p.label, channel(c), p.byChannel[c], lang)),
    ),
    ...data.tickets.channels.map((c) =>
      countsRow(words.total, channel(c), data.tickets.totals.byChannel[c], lang),
    ),
    countsRow(words.total, words.total, data.tickets.totals.overall, lang),
  ];
  table(doc, words.ticketHeader, [60, 70, 50, 50, 65, 55, 60, 55], rows);

  doc.addPage();
  heading(doc, words.volume);
  barChart(
    doc,
    data.tickets.periods.map((p) => p.label),
    data.tickets.channels.map((c) => ({
      name: channel(c),
      values: data.tickets.periods.map((p) => p.byChannel[c].handled),
    })),
    words.ticketsAxis,
    lang,
  );
  doc.moveDown(2);
  heading(doc, words.arrivals(pct(data.arrivals.outsideOfficeHoursPct, lang)));
  barChart(
    doc,
    data.arrivals.hours.map((h) => String(h.hour)),
    [{ name: words.arrivalsSeries, values: data.arrivals.hours.map((h) => h.tickets) }],
    words.ticketsAxis,
    lang,
  );

  doc.end();
  return done;
}

function countsRow(period: string, channel: string, n: TicketCounts, lang: PdfLanguage): string[] {
  const count = (v: number) => pdfNumber(v, lang);
  return [
    period,
    channel,
    count(n.new),
    count(n.open),
    count(n.resolvedNotCompetent),
    count(n.resolved),
    count(n.handled),
    pct(n.resolvedPct, lang),
  ];
}

function pct(value: number | null, lang: PdfLanguage): string {
  return value === null ? '-' : `${pdfNumber(value, lang, 1)}%`;
}

function titlePage(doc: PDFKit.PDFDocument, data: PeriodReportData, lang: PdfLanguage): void {
  doc.moveDown(8);
  doc.fontSize(22).fillColor('#1f4e79').text('Centro Servizi Tecnologico', { align: 'center' });
  doc.moveDown();
  doc.fontSize(16).fillColor('#000').text(data.title, { align: 'center' });
  doc.moveDown();
  doc.fontSize(12).text(WORDS[lang].period(data.from, data.to), { align: 'center' });
  doc.moveDown(6);
  doc
    .fontSize(9)
    .fillColor('#555')
    .text(generatedLine(data.generatedAt, data.zone, lang), { align: 'center' });
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

/** Vertical bars with a value axis: round values from zero, light grid lines, the unit above. */
function barChart(
  doc: PDFKit.PDFDocument,
  labels: string[],
  series: { name: string; values: number[] }[],
  unit: string,
  lang: PdfLanguage,
): void {
  const AXIS = 34;
  const left = MARGIN + AXIS;
  const width = doc.page.width - 2 * MARGIN - AXIS;
  const height = 160;
  if (doc.y + height + 56 > doc.page.height - MARGIN) doc.addPage();
  const top = doc.y + 12;
  const ticks = axisTicks(Math.max(0, ...series.flatMap((s) => s.values)));
  const max = ticks[ticks.length - 1];
  const slot = width / Math.max(1, labels.length);
  const bar = Math.max(1, (slot * 0.8) / series.length);
  doc
    .fillColor('#555')
    .fontSize(7)
    .text(unit, MARGIN, top - 12, { width: AXIS + 60 });
  for (const tick of ticks) {
    const y = top + height - (tick / max) * height;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .strokeColor(tick === 0 ? '#000' : '#ddd')
      .lineWidth(0.5)
      .stroke();
    doc
      .fillColor('#000')
      .fontSize(7)
      .text(pdfNumber(tick, lang), MARGIN, y - 3, { width: AXIS - 4, align: 'right' });
  }
  doc
    .moveTo(left, top)
    .lineTo(left, top + height)
    .strokeColor('#000')
    .lineWidth(0.5)
    .stroke();
  labels.forEach((label, i) => {
    series.forEach((s, j) => {
      const h = (s.values[i] / max) * height;
      if (h > 0) {
        doc
          .rect(left + i * slot + slot * 0.1 + j * bar, top + height - h, bar - 1, h)
          .fill(COLOURS[j % COLOURS.length]);
      }
    });
    doc
      .fillColor('#000')
      .fontSize(6)
      .text(label, left + i * slot, top + height + 3, { width: slot, align: 'center' });
  });
  let x = left;
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
