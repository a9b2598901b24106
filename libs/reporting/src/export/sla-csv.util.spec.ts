import type { SlaComplianceRow } from '../sla/sla-compliance.util';
import { slaComplianceCsv } from './sla-csv.util';

describe('the SLA table as CSV (issue 16.20)', () => {
  const row: SlaComplianceRow = {
    code: 'SLA.6',
    title: 'Presa in carico della segnalazione',
    source: 'ticket',
    target: 'entro 1h lavorativa',
    measured: '66.7% nei tempi',
    measuredValue: null,
    measuredUnit: null,
    applied: 3,
    met: 2,
    breached: 1,
    running: 0,
    compliancePct: 66.7,
    medianMinutes: 42.5,
    p95Minutes: 80,
    worstMinutes: 95,
    deviation: '1 fuori tempo su 3 (33.3%)',
  };

  it('writes every figure with the decimal comma for Italian Excel, phrases included', () => {
    const line = slaComplianceCsv({ rows: [row] }, 'it').split('\r\n')[1];
    expect(line).toBe(
      'SLA.6;Presa in carico della segnalazione;entro 1h lavorativa;66,7;1 fuori tempo su 3 (33,3%);3;2;1;0;42,5;80;95;66,7% nei tempi',
    );
  });

  it('keeps the dots in plain CSV and in English', () => {
    expect(slaComplianceCsv({ rows: [row] })).toContain(
      '1 fuori tempo su 3 (33.3%),3,2,1,0,42.5,80,95,66.7% nei tempi',
    );
    expect(slaComplianceCsv({ rows: [row] }, 'en')).toContain(',66.7,');
  });
});
