import type { SlaComplianceRow } from '../sla/sla-compliance.util';
import { csvLine } from './csv.util';

export function slaComplianceCsv(report: { rows: SlaComplianceRow[] }): string {
  const header = [
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
    r.title,
    r.target,
    r.compliancePct !== null
      ? r.compliancePct.toFixed(1)
      : r.measuredUnit === '%' && r.measuredValue !== null
        ? String(r.measuredValue)
        : '',
    r.deviation,
    r.applied,
    r.met,
    r.breached,
    r.running,
    r.medianMinutes ?? '',
    r.p95Minutes ?? '',
    r.worstMinutes ?? '',
    r.measured,
  ]);
  return [header, ...rows].map(csvLine).join('\r\n') + '\r\n';
}
