import { formatDateTime, fromLocalInput, localDate, toLocalInput } from './format';

describe('Europe/Rome form values', () => {
  it('shows an instant as Rome wall-clock time, winter and summer', () => {
    expect(toLocalInput('2026-11-20T08:50:00Z')).toBe('2026-11-20T09:50');
    expect(toLocalInput('2026-07-01T22:15:00Z')).toBe('2026-07-02T00:15');
    expect(toLocalInput(null)).toBe('');
  });

  it('reads a form value as Rome time whatever the PC’s zone', () => {
    expect(fromLocalInput('2026-11-20T09:50')).toBe('2026-11-20T08:50:00.000Z');
    expect(fromLocalInput('2026-07-02T00:15')).toBe('2026-07-01T22:15:00.000Z');
    // The days of the change to and from summer time.
    expect(fromLocalInput('2026-03-29T03:30')).toBe('2026-03-29T01:30:00.000Z');
    expect(fromLocalInput('2026-10-25T12:00')).toBe('2026-10-25T11:00:00.000Z');
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('20/11/2026')).toBeNull();
  });

  it('round-trips and formats like the rest of the UI', () => {
    const value = toLocalInput('2026-11-20T08:50:00Z');
    expect(formatDateTime(fromLocalInput(value), 'it')).toBe('20/11/26, 09:50');
    expect(localDate(Date.parse('2026-11-20T23:30:00Z'))).toBe('2026-11-21');
    expect(localDate(Date.parse('2026-11-20T12:00:00Z'), -30)).toBe('2026-10-21');
  });
});
