import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PrivacyPolicyError, validatePrivacyPolicy } from './privacy-policy.types';

const shipped = () => JSON.parse(readFileSync(join(__dirname, '../../../config/privacy.json'), 'utf8'));

function problems(def: unknown, floor?: Record<string, number>): string[] {
  try {
    validatePrivacyPolicy(def, floor);
    return [];
  } catch (error) {
    if (error instanceof PrivacyPolicyError) return error.problems.map((p) => p.field);
    throw error;
  }
}

describe('validatePrivacyPolicy', () => {
  it('accepts the shipped configuration', () => {
    expect(problems(shipped())).toEqual([]);
  });

  it.each<[string, (d: ReturnType<typeof shipped>) => void, string[]]>([
    ['a period below its minimum', (d) => (d.retention.rawMail.days = 7), ['retention.rawMail.days']],
    ['a fractional period', (d) => (d.retention.sessions.days = 1.5), ['retention.sessions.days']],
    ['a missing class', (d) => delete d.retention.auditLog, ['retention.auditLog']],
    ['an unknown class', (d) => (d.retention.photos = { days: 10, minimumDays: 1 }), ['retention.photos']],
    ['a bad hour', (d) => (d.runAt = '25:00'), ['runAt']],
    ['a notice without English', (d) => delete d.notice.en, ['notice.en']],
    ['no purposes', (d) => (d.purposes = []), ['purposes']],
    [
      'a processor without a role',
      (d) => delete d.processors[0].role,
      ['processors[0].role', 'processors[0].role.it', 'processors[0].role.en'],
    ],
  ])('names %s', (_, spoil, fields) => {
    const def = shipped();
    spoil(def);
    expect(problems(def)).toEqual(fields);
  });

  it('refuses a minimum lowered below the one in force', () => {
    const def = shipped();
    def.retention.auditLog = { days: 200, minimumDays: 90 };
    expect(problems(def, { auditLog: 180 })).toEqual(['retention.auditLog.minimumDays']);
    expect(problems(def, { auditLog: 90 })).toEqual([]);
  });
});
