import { csvDocument, csvLine } from './csv.util';

describe('CSV for scripts and for Excel', () => {
  const row = ['SLA.5', 'Accessibilità complessiva', '98.00%', '+1.998%', 87.5, 3, '-'];

  it('writes the api default with commas and dots, no BOM', () => {
    expect(csvDocument([row])).toBe('SLA.5,Accessibilità complessiva,98.00%,+1.998%,87.5,3,-\r\n');
  });

  it('writes Italian Excel with semicolons, decimal commas and a UTF-8 BOM', () => {
    expect(csvDocument([row], 'it')).toBe(
      '\uFEFFSLA.5;Accessibilità complessiva;98,00%;+1,998%;87,5;3;-\r\n',
    );
  });

  it('writes English Excel with commas and dots and a BOM', () => {
    expect(csvDocument([row], 'en')).toBe(
      '\uFEFFSLA.5,Accessibilità complessiva,98.00%,+1.998%,87.5,3,-\r\n',
    );
  });

  it('quotes a cell holding the separator, a quote or a line break', () => {
    expect(csvLine(['a;b', 'c,d', 'e"f', 'g\nh'], 'it')).toBe('"a;b";c,d;"e""f";"g\nh"');
    expect(csvLine(['a;b', 'c,d'])).toBe('a;b,"c,d"');
  });

  it('defuses only what a spreadsheet would run as a formula', () => {
    expect(csvLine(['=SUM(A1)', '@cmd', '+cmd|x', '-2+3', '\tx'])).toBe("'=SUM(A1),'@cmd,'+cmd|x,'-2+3,'\tx");
    expect(csvLine(['-', '+1.998%', '-0.5', '+7 ms', '-12'])).toBe('-,+1.998%,-0.5,+7 ms,-12');
  });
});
