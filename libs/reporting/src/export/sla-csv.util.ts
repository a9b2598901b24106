import type { SlaComplianceRow } from '../sla/sla-compliance.util';
import { CsvDialect, csvDocument } from './csv.util';

const HEADER_EN = [
  'Code',
  'SLA',
  'Target',
  'Measured %',
  'Deviation',
  'Applied',
  'On time',
  'Late',
  'Running',
  'Median min',
  'P95 min',
  'Worst min',
  'Measured',
];

/** The SLA table as CSV; in English (dialect en) with the rows' English words. */
export function slaComplianceCsv(
  report: { rows: SlaComplianceRow[] },
  dialect: CsvDialect = 'plain',
): string {
  const english = dialect === 'en';
  const words = (r: SlaComplianceRow) => (english && r.en ? r.en : r);
  const header = english
    ? HEADER_EN
    : [
        'Codice',
        'SLA',
        'Atteso',
        'Rilevato %',
        'Scostamento',
        'Applicati',
        'Nei tempi',
        'Fuori tempo',
        'In corso',
        'Mediana min',
        'P95 min',
        'Peggiore min',
        'Rilevato',
      ];
  const rows = report.rows.map((r) => [
    r.code,
    words(r).title,
    words(r).target,
    r.compliancePct !== null
      ? r.compliancePct.toFixed(1)
      : r.measuredUnit === '%' && r.measuredValue !== null
        ? String(r.measuredValue)
        : '',
    words(r).deviation,
    r.applied,
    r.met,
    r.breached,
    r.running,
    r.medianMinutes ?? '',
    r.p95Minutes ?? '',
    r.worstMinutes ?? '',
    words(r).measured,
  ]);
  return csvDocument([header, ...rows], dialect);
}
