import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CED_CLOCK_CODE, CED_TIERS, SLA_CATALOGUE, slaEntry } from './sla-catalogue';
import { TICKET_DIFFICULTIES } from './ticket-kinds';

const config = (file: string) =>
  JSON.parse(readFileSync(join(__dirname, '../../../config/sla', file), 'utf8')) as {
    slas?: { code: string }[];
    clocks?: { code: string; target: { byDifficulty?: Record<string, unknown> } }[];
  };

describe('SLA catalogue', () => {
  it('names SLA.1-SLA.11 in the order of the consortium table', () => {
    expect(SLA_CATALOGUE.map((e) => e.code)).toEqual(Array.from({ length: 11 }, (_, i) => `SLA.${i + 1}`));
  });

  it('agrees with the configuration where each figure is measured', () => {
    const monitoring = SLA_CATALOGUE.filter((e) => e.source === 'monitoring').map((e) => e.code);
    expect(monitoring).toEqual(config('availability.json').slas?.map((s) => s.code));
    const policyCodes = config('default-policy.json').clocks?.map((c) => c.code) ?? [];
    const ticket = SLA_CATALOGUE.filter((e) => e.source === 'ticket').map((e) => e.code);
    expect(policyCodes).toEqual([...ticket, CED_CLOCK_CODE]);
    expect(slaEntry('SLA.9')?.source).toBe('outage');
    expect(slaEntry('SLA.11')?.source).toBe('periodic');
    expect(slaEntry('CED')).toBeUndefined();
  });

  it('has one CED tier per difficulty, as the policy targets them', () => {
    const ced = config('default-policy.json').clocks?.find((c) => c.code === CED_CLOCK_CODE);
    expect(CED_TIERS.map((t) => t.difficulty)).toEqual([...TICKET_DIFFICULTIES]);
    expect(Object.keys(ced?.target.byDifficulty ?? {})).toEqual([...TICKET_DIFFICULTIES]);
  });
});
