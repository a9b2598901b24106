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

/** The figures inside a phrase ("97.5% nei tempi", "(33.3%)") with the Italian decimal comma. */
export function italianFigures(text: string): string {
  return text.replace(/(\d)\.(\d)/g, '$1,$2');
}

/** The SLA table as CSV; in English (dialect en) with the rows' English words. */
export function slaComplianceCsv(
  report: { rows: SlaComplianceRow[] },
  dialect: CsvDialect = 'plain',
): string {
  const english = dialect === 'en';
  const italian = dialect === 'it';
  // Phrases carry figures too: in Italian Excel they read 97,5% like the number columns.
  const phrase = (text: string) => (italian ? italianFigures(text) : text);
  const words = (r: SlaComplianceRow) => {
    const w = english && r.en ? r.en : r;
    return {
      title: w.title,
      target: phrase(w.target),
      deviation: phrase(w.deviation),
      measured: phrase(w.measured),
    };
  };
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
