import { clockTone, formatAge, formatDuration } from './countdown';

const at = (iso: string) => Date.parse(iso);
const clock = { dueAt: '2026-11-23T11:00:00Z', warnAt: '2026-11-23T10:48:00Z', state: 'running' as const };

describe('queue countdown', () => {
  it('is green before the warning, amber until due, red from the due instant', () => {
    expect(clockTone(clock, at('2026-11-23T10:47:59Z'))).toBe('ok');
    expect(clockTone(clock, at('2026-11-23T10:48:00Z'))).toBe('risk');
    expect(clockTone(clock, at('2026-11-23T10:59:59Z'))).toBe('risk');
    expect(clockTone(clock, at('2026-11-23T11:00:00Z'))).toBe('breached');
    expect(clockTone({ ...clock, state: 'breached' }, at('2026-11-23T09:00:00Z'))).toBe('breached');
    expect(clockTone(null, 0)).toBe('none');
  });

  it('shows seconds in the last hour, then hours and minutes, then days', () => {
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(-65_000)).toBe('1m 05s');
    expect(formatDuration(2 * 3600_000 + 5 * 60_000 + 30_000)).toBe('2h 05m');
    expect(formatDuration(3 * 86_400_000 + 4 * 3600_000, 'd')).toBe('3d 4h');
  });

  it('ages in minutes, hours, then days', () => {
    expect(formatAge(59 * 60_000)).toBe('59m');
    expect(formatAge(47 * 3600_000)).toBe('47h');
    expect(formatAge(72 * 3600_000)).toBe('3g');
  });
});
