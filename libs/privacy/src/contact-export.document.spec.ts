import { exportFilename, exportFiles, safeFileName } from './contact-export.document';

describe('safeFileName', () => {
  it.each([
    ['ricevuta.pdf', 'ricevuta.pdf'],
    ['ricevuta è.pdf', 'ricevuta è.pdf'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['C:\\Users\\eva\\foto.jpg', 'C__Users_eva_foto.jpg'],
    ['a\u0000b\nc.txt', 'a_b_c.txt'],
    ['  .nascosto', 'nascosto'],
    ['', 'file'],
    ['...', 'file'],
    [`${'x'.repeat(200)}.pdf`, `${'x'.repeat(96)}.pdf`],
  ])('%j -> %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });
});

describe('exportFiles', () => {
  it('puts each file under its ticket, numbered in order, two of one name apart', () => {
    const numbers = new Map([
      ['t1', '2026-000001'],
      ['t2', '2026-000002'],
    ]);
    expect(
      exportFiles(
        [
          { id: 'a', ticketId: 't1', filename: 'ricevuta.pdf' },
          { id: 'b', ticketId: 't2', filename: 'foto.jpg' },
          { id: 'c', ticketId: 't1', filename: 'ricevuta.pdf' },
        ],
        numbers,
      ),
    ).toEqual([
      { id: 'a', path: 'allegati/2026-000001/01-ricevuta.pdf' },
      { id: 'b', path: 'allegati/2026-000002/01-foto.jpg' },
      { id: 'c', path: 'allegati/2026-000001/02-ricevuta.pdf' },
    ]);
  });
});

describe('exportFilename', () => {
  const id = '8e27d59b-eda8-455e-9ac5-c2574a18b244';
  it.each([
    // 23:30 UTC on 31 December is already 1 January in Rome.
    [null, new Date('2026-12-31T23:30:00Z'), `dati-${id}-2027-01-01.zip`],
    [
      new Date('2026-01-01T00:00:00Z'),
      new Date('2026-06-15T10:00:00Z'),
      /^dati-anonimo-[0-9a-f]{8}-2026-06-15\.zip$/,
    ],
  ])('anonymised %s, at %s', (anonymisedAt, at, expected) => {
    const name = exportFilename({ id, anonymisedAt }, at, 'Europe/Rome');
    if (typeof expected === 'string') expect(name).toBe(expected);
    else expect(name).toMatch(expected);
    expect(name).not.toContain(' ');
  });
});
