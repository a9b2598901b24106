import ExcelJS from 'exceljs';

import type { SlaComplianceRow } from '../sla/sla-compliance.util';
import type { TicketCounts, TicketStatistics } from '../statistics/ticket-statistics.util';

/** The workbook's language: the consortium's Italian unless the English UI asks (issue 16.20). */
export type XlsxLanguage = 'it' | 'en';

const WORDS = {
  it: {
    ticketHeader: [
      'Periodo',
      'Canale',
      'Nuovo',
      'Aperto',
      'Risolto - non di competenza',
      'Risolto',
      'Tot gestiti',
      '% Risolti',
    ],
    channels: { email: 'E-mail', phone: 'Telefono', web: 'Web', monitoring: 'Monitoraggio' } as Record<
      string,
      string
    >,
    total: 'Totale',
    ticketSheet: 'Ticket',
    ticketTitle: (from: string, to: string, asOf: string) =>
      `Segnalazioni dal ${from} al ${to} (stato al ${asOf})`,
    slaTitle: (from: string, to: string) => `Livelli di servizio dal ${from} al ${to}`,
    slaHeader: [
      'Codice',
      'SLA',
      'Atteso',
      'Rilevato (% nei tempi)',
      'Scostamento',
      'Applicati',
      'Nei tempi',
      'Fuori tempo',
      'In corso',
      'Mediana (min)',
      '95° percentile (min)',
      'Peggiore (min)',
      'Rilevato',
    ],
  },
  en: {
    ticketHeader: [
      'Period',
      'Channel',
      'New',
      'Open',
      'Resolved - not competent',
      'Resolved',
      'Handled',
      '% Resolved',
    ],
    channels: { email: 'E-mail', phone: 'Phone', web: 'Web', monitoring: 'Monitoring' } as Record<
      string,
      string
    >,
    total: 'Total',
    ticketSheet: 'Tickets',
    ticketTitle: (from: string, to: string, asOf: string) =>
      `Tickets from ${from} to ${to} (status as of ${asOf})`,
    slaTitle: (from: string, to: string) => `Service levels from ${from} to ${to}`,
    slaHeader: [
      'Code',
      'SLA',
      'Target',
      'Measured (% on time)',
      'Deviation',
      'Applied',
      'On time',
      'Late',
      'Running',
      'Median (min)',
      '95th percentile (min)',
      'Worst (min)',
      'Measured',
    ],
  },
};

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
}

function ticketRow(period: string, channel: string, c: TicketCounts) {
  // The percentage as a number with a % format, so spreadsheets can compute on it.
  return [
    period,
    channel,
    c.new,
    c.open,
    c.resolvedNotCompetent,
    c.resolved,
    c.handled,
    c.resolvedPct === null ? null : c.resolvedPct / 100,
  ];
}

/** The ticket table as a workbook laid out like the reports (one row per period and channel, totals last). */
export async function ticketStatisticsXlsx(
  report: TicketStatistics,
  lang: XlsxLanguage = 'it',
): Promise<Buffer> {
  const words = WORDS[lang];
  const channelName = (channel: string) => words.channels[channel] ?? channel;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Help desk CST';
  const sheet = workbook.addWorksheet(words.ticketSheet);
  sheet.addRow([words.ticketTitle(report.from, report.to, report.asOf.slice(0, 10))]).font = {
    bold: true,
    size: 13,
  };
  styleHeader(sheet.addRow(words.ticketHeader));
  for (const p of report.periods) {
    for (const channel of report.channels)
      sheet.addRow(ticketRow(p.label, channelName(channel), p.byChannel[channel]));
    sheet.addRow(ticketRow(p.label, words.total, p.total)).font = { italic: true };
  }
  for (const channel of report.channels) {
    sheet.addRow(ticketRow(words.total, channelName(channel), report.totals.byChannel[channel])).font = {
      bold: true,
    };
  }
  sheet.addRow(ticketRow(words.total, words.total, report.totals.overall)).font = { bold: true };
  sheet.getColumn(8).numFmt = '0.0%';
  sheet.columns.forEach((column, i) => (column.width = i === 4 ? 16 : 12));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The SLA table: code, SLA, target, measured (compliance), deviation, and the counts behind them. */
export async function slaComplianceXlsx(
  report: { from: string; to: string; rows: SlaComplianceRow[] },
  lang: XlsxLanguage = 'it',
): Promise<Buffer> {
  const words = WORDS[lang];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Help desk CST';
  const sheet = workbook.addWorksheet('SLA');
  sheet.addRow([words.slaTitle(report.from, report.to)]).font = { bold: true, size: 13 };
  styleHeader(sheet.addRow(words.slaHeader));
  for (const r of report.rows) {
    const text = lang === 'en' && r.en ? r.en : r;
    // Column 4 is a number where there is one: the share in time, the uptime (3 decimals), else the text.
    const measured =
      r.compliancePct !== null
        ? r.compliancePct / 100
        : r.measuredUnit === '%' && r.measuredValue !== null
          ? r.measuredValue / 100
          : text.measured;
    const row = sheet.addRow([
      r.code,
      text.title,
      text.target,
      measured,
      text.deviation,
      r.applied,
      r.met,
      r.breached,
      r.running,
      r.medianMinutes,
      r.p95Minutes,
      r.worstMinutes,
      text.measured,
    ]);
    if (r.compliancePct === null && r.measuredUnit === '%') row.getCell(4).numFmt = '0.000%';
    else if (r.compliancePct !== null) row.getCell(4).numFmt = '0.0%';
  }
  sheet.getColumn(2).width = 50;
  sheet.getColumn(3).width = 30;
  sheet.getColumn(5).width = 30;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
