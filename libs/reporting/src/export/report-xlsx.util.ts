import ExcelJS from 'exceljs';

import type { SlaComplianceRow } from '../sla/sla-compliance.util';
import type { TicketCounts, TicketStatistics } from '../statistics/ticket-statistics.util';

const TICKET_HEADER = [
  'Periodo',
  'Canale',
  'Nuovo',
  'Aperto',
  'Risolto - non di competenza',
  'Risolto',
  'Tot gestiti',
  '% Risolti',
];
const CHANNEL_NAMES: Record<string, string> = {
  email: 'E-mail',
  phone: 'Telefono',
  web: 'Web',
  monitoring: 'Monitoraggio',
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
export async function ticketStatisticsXlsx(report: TicketStatistics): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Help desk CST';
  const sheet = workbook.addWorksheet('Ticket');
  sheet.addRow([
    `Segnalazioni dal ${report.from} al ${report.to} (stato al ${report.asOf.slice(0, 10)})`,
  ]).font = { bold: true, size: 13 };
  styleHeader(sheet.addRow(TICKET_HEADER));
  for (const p of report.periods) {
    for (const channel of report.channels)
      sheet.addRow(ticketRow(p.label, CHANNEL_NAMES[channel] ?? channel, p.byChannel[channel]));
    sheet.addRow(ticketRow(p.label, 'Totale', p.total)).font = { italic: true };
  }
  for (const channel of report.channels) {
    sheet.addRow(
      ticketRow('Totale', CHANNEL_NAMES[channel] ?? channel, report.totals.byChannel[channel]),
    ).font = { bold: true };
  }
  sheet.addRow(ticketRow('Totale', 'Totale', report.totals.overall)).font = { bold: true };
  sheet.getColumn(8).numFmt = '0.0%';
  sheet.columns.forEach((column, i) => (column.width = i === 4 ? 16 : 12));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The SLA table: code, SLA, target, measured (compliance), deviation, and the counts behind them. */
export async function slaComplianceXlsx(report: {
  from: string;
  to: string;
  rows: SlaComplianceRow[];
}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Help desk CST';
  const sheet = workbook.addWorksheet('SLA');
  sheet.addRow([`Livelli di servizio dal ${report.from} al ${report.to}`]).font = { bold: true, size: 13 };
  styleHeader(
    sheet.addRow([
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
    ]),
  );
  for (const r of report.rows) {
    // Column 4 is a number where there is one: the share in time, the uptime (3 decimals), else the text.
    const measured =
      r.compliancePct !== null
        ? r.compliancePct / 100
        : r.measuredUnit === '%' && r.measuredValue !== null
          ? r.measuredValue / 100
          : r.measured;
    const row = sheet.addRow([
      r.code,
      r.title,
      r.target,
      measured,
      r.deviation,
      r.applied,
      r.met,
      r.breached,
      r.running,
      r.medianMinutes,
      r.p95Minutes,
      r.worstMinutes,
      r.measured,
    ]);
    if (r.compliancePct === null && r.measuredUnit === '%') row.getCell(4).numFmt = '0.000%';
    else if (r.compliancePct !== null) row.getCell(4).numFmt = '0.0%';
  }
  sheet.getColumn(2).width = 50;
  sheet.getColumn(3).width = 30;
  sheet.getColumn(5).width = 30;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
