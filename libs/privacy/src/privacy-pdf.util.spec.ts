import { pdfDateTime, pdfText } from './privacy-pdf.util';

describe('pdfText', () => {
  it.each([
    ['Perché è così', 'Perché è così'],
    ['€ 12,50 – “ok” … l’ufficio', '€ 12,50 – “ok” … l’ufficio'],
    ['tab\there', 'tab    here'],
    ['riga\r\nnuova\rancora', 'riga\nnuova\nancora'],
    ['你好 😀', '?? ?'],
    ['Ștefan', '?tefan'],
    ['nul\u0000', 'nul?'],
  ])('%j -> %j', (input, expected) => {
    expect(pdfText(input)).toBe(expected);
  });
});

describe('pdfDateTime', () => {
  it.each([
    [new Date('2026-07-01T10:05:00Z'), '01/07/2026 12:05'],
    [new Date('2026-12-31T23:30:00Z'), '01/01/2027 00:30'],
    [null, '-'],
  ])('%s in Rome is %s', (at, expected) => {
    expect(pdfDateTime(at, 'Europe/Rome')).toBe(expected);
  });
});
