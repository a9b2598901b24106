import { axisTicks, generatedLine, pdfNumber, pdfPhrase } from './period-report.pdf';

describe('the period report PDF’s words and numbers (issue 16.20)', () => {
  it('says when it was made on the consortium’s clock, not in UTC', () => {
    // 22:30 UTC on 31 March 2026 is already 1 April at 00:30 in Rome (summer time).
    const at = new Date('2026-03-31T22:30:00Z');
    expect(generatedLine(at, 'Europe/Rome')).toBe('Generato il 01/04/2026 00:30 (ora di Roma) dal help desk');
    expect(generatedLine(at, 'Europe/Rome', 'en')).toBe(
      'Generated on 01/04/2026 00:30 (Rome time) by the help desk',
    );
    expect(generatedLine(new Date('2026-01-15T08:05:00Z'), 'Europe/Rome')).toContain('15/01/2026 09:05');
  });

  it('writes numbers the Italian way in Italian, the English way in English', () => {
    expect(pdfNumber(99.7, 'it', 1)).toBe('99,7');
    expect(pdfNumber(100, 'it', 1)).toBe('100,0');
    expect(pdfNumber(12345, 'it')).toBe('12.345');
    expect(pdfNumber(99.7, 'en', 1)).toBe('99.7');
    expect(pdfNumber(12345, 'en')).toBe('12,345');
    expect(pdfPhrase('99.996%', 'it')).toBe('99,996%');
    expect(pdfPhrase('+1.496% (SLA.2)', 'it')).toBe('+1,496% (SLA.2)');
    expect(pdfPhrase('99.996%', 'en')).toBe('99.996%');
  });

  it('gives the charts round axis values from zero to at least the largest bar', () => {
    expect(axisTicks(0)).toEqual([0, 1]);
    expect(axisTicks(3)).toEqual([0, 1, 2, 3]);
    expect(axisTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(393)).toEqual([0, 100, 200, 300, 400]);
    expect(axisTicks(647)).toEqual([0, 200, 400, 600, 800]);
    for (const max of [1, 9, 10, 11, 99, 100, 101, 1234, 5495]) {
      const ticks = axisTicks(max);
      expect(ticks[0]).toBe(0);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks.every((v) => Number.isInteger(v))).toBe(true);
    }
  });
});
