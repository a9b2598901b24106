import {
  detectDelimiter,
  IMPORT_COLUMNS,
  ImportColumn,
  parseInstant,
  parseTicketCsv,
} from './ticket-csv.util';

const now = new Date('2026-01-15T12:00:00Z');

type Row = Partial<Record<ImportColumn, string>>;

/** A resolved e-mail ticket of April 2016 (Rome is UTC+2 then). */
const valid: Row = {
  number: '2016-000001',
  channel: 'email',
  received_at: '2016-04-04T09:00:00+02:00',
  ente: 'PONTASSIEVE',
  requester_name: 'Mario Rossi',
  requester_email: 'mario.rossi@example.it',
  requester_phone: '',
  subject: 'Pagamento mensa non registrato',
  status: 'resolved',
  taken_in_charge_at: '2016-04-04T09:10:00+02:00',
  first_answered_at: '2016-04-04T10:00:00+02:00',
  resolved_at: '2016-04-04T11:00:00+02:00',
  difficulty: '',
  redirected_to: '',
};

const field = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

function csv(rows: Row[], columns: readonly string[] = IMPORT_COLUMNS): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => field(row[c as ImportColumn] ?? '')).join(','));
  return lines.join('\n') + '\n';
}

describe('parseInstant', () => {
  it.each([
    ['2017-03-01T09:30:00+01:00', '2017-03-01T08:30:00.000Z'],
    ['2017-03-01T09:30:00Z', '2017-03-01T09:30:00.000Z'],
    ['2017-07-01T09:30+02:00', '2017-07-01T07:30:00.000Z'],
    ['2017-07-01T09:30:00.250+0200', '2017-07-01T07:30:00.250Z'],
    ['2017-03-01T09:30:00', null], // no offset: which hour would it be?
    ['2017-03-01', null],
    ['01/03/2017 09:30', null],
    ['2017-02-30T09:30:00Z', null],
    ['2017-03-01T25:30:00Z', null],
    ['2017-03-01T24:00:00Z', null],
    ['2017-03-01T09:60:00Z', null],
    ['2016-02-29T12:00:00-05:00', '2016-02-29T17:00:00.000Z'],
    ['2017-02-29T12:00:00Z', null],
    ['2017-03-01T09:30:00+15:00', null],
    ['2017-03-01T09:30:00+01', '2017-03-01T08:30:00.000Z'],
    ['2017-03-01T09:30:00.123456+01:00', '2017-03-01T08:30:00.123Z'],
    [' 2017-03-01T09:30:00Z', null],
    ['', null],
  ])('%s -> %s', (text, iso) => {
    expect(parseInstant(text)?.toISOString() ?? null).toBe(iso);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['number,channel,received_at', ','],
    ['number;channel;received_at', ';'],
    ['number', ','],
  ])('%s', (header, delimiter) => expect(detectDelimiter(`${header}\n1;2,3`)).toBe(delimiter));
});

describe('parseTicketCsv: valid rows', () => {
  it('reads a resolved e-mail ticket, trimmed and typed', () => {
    const { rows, problems, records } = parseTicketCsv(csv([{ ...valid, subject: '  Pagamento  ' }]), now);
    expect(problems).toEqual([]);
    expect(records).toBe(1);
    expect(rows).toEqual([
      {
        line: 2,
        number: '2016-000001',
        channel: 'email',
        status: 'resolved',
        receivedAt: new Date('2016-04-04T07:00:00Z'),
        ente: 'PONTASSIEVE',
        requester: { name: 'Mario Rossi', email: 'mario.rossi@example.it', phone: null },
        subject: 'Pagamento',
        takenInChargeAt: new Date('2016-04-04T07:10:00Z'),
        takenImplicitly: false,
        firstAnsweredAt: new Date('2016-04-04T08:00:00Z'),
        resolvedAt: new Date('2016-04-04T09:00:00Z'),
        difficulty: null,
        redirectedTo: null,
      },
    ]);
  });

  it.each<[string, Row, Record<string, unknown>]>([
    [
      'a resolved ticket nobody took is taken by its first answer',
      { taken_in_charge_at: '' },
      { takenInChargeAt: new Date('2016-04-04T08:00:00Z'), takenImplicitly: true },
    ],
    [
      'or by its resolution',
      { taken_in_charge_at: '', first_answered_at: '' },
      { takenInChargeAt: new Date('2016-04-04T09:00:00Z'), takenImplicitly: true },
    ],
    [
      'not competent, with where it was redirected',
      { status: 'resolved_not_competent', redirected_to: 'Agenzia delle Entrate' },
      { status: 'resolved_not_competent', redirectedTo: 'Agenzia delle Entrate' },
    ],
    [
      'a new ticket has no instants but its receipt',
      { status: 'new', taken_in_charge_at: '', first_answered_at: '', resolved_at: '' },
      { status: 'new', takenInChargeAt: null, firstAnsweredAt: null, resolvedAt: null },
    ],
    [
      'a waiting ticket',
      { status: 'waiting', resolved_at: '', difficulty: 'medium_low' },
      { status: 'waiting', resolvedAt: null, difficulty: 'medium_low' },
    ],
    [
      'a monitoring alert without a requester',
      { channel: 'monitoring', requester_name: '', requester_email: '' },
      { channel: 'monitoring', requester: null },
    ],
    [
      'a caller with a phone number only',
      { channel: 'phone', requester_email: '', requester_phone: '055 1234567' },
      { requester: { name: 'Mario Rossi', email: null, phone: '055 1234567' } },
    ],
  ])('%s', (_name, overrides, expected) => {
    const { rows, problems } = parseTicketCsv(csv([{ ...valid, ...overrides }]), now);
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject(expected);
  });

  it('takes columns in any order, ignores unknown ones, leaves out optional ones, reads ; and a BOM', () => {
    const columns = [
      'status',
      'extra',
      ...IMPORT_COLUMNS.filter((c) => c !== 'status' && c !== 'difficulty'),
    ];
    const text = '\uFEFF' + csv([{ ...valid, extra: 'x' } as Row], columns).replace(/,/g, ';');
    const { rows, problems } = parseTicketCsv(text, now);
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ number: '2016-000001', status: 'resolved', difficulty: null });
  });

  it('counts lines as an editor does: a quoted field spanning lines, blank lines, CRLF', () => {
    const text = csv([
      { ...valid, subject: 'Prima riga\nseconda riga' },
      { ...valid, number: '2016-000002' },
    ]).replace(/\n(?=2016-000002)/, '\n\n');
    const { rows, problems } = parseTicketCsv(text.replace(/\n/g, '\r\n'), now);
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.line)).toEqual([2, 5]);
    expect(rows[0].subject).toBe('Prima riga\nseconda riga');
  });
});

describe('parseTicketCsv: problems', () => {
  it.each<[string, Row, string, string]>([
    ['number shape', { number: '16-1' }, 'number', 'numero non valido'],
    ['number missing', { number: '' }, 'number', 'obbligatorio / required'],
    ['unknown channel', { channel: 'fax' }, 'channel', 'canale non valido / invalid channel'],
    ['unknown status', { status: 'closed' }, 'status', 'stato non valido / invalid status'],
    ['received_at missing', { received_at: '' }, 'received_at', 'obbligatorio / required'],
    ['received_at without offset', { received_at: '2016-04-04 09:00' }, 'received_at', 'data non valida'],
    ['received_at impossible', { received_at: '2016-02-30T09:00:00Z' }, 'received_at', 'invalid date'],
    ['received_at in the future', { received_at: '2027-01-01T09:00:00Z' }, 'received_at', 'futuro'],
    [
      'taken before received',
      { taken_in_charge_at: '2016-04-04T08:59:00+02:00' },
      'taken_in_charge_at',
      'precede la ricezione',
    ],
    [
      'answered before taken',
      { first_answered_at: '2016-04-04T09:05:00+02:00' },
      'first_answered_at',
      'before taken_in_charge_at',
    ],
    [
      'resolved before answered',
      { resolved_at: '2016-04-04T09:30:00+02:00' },
      'resolved_at',
      'before first_answered_at',
    ],
    ['resolved without resolved_at', { resolved_at: '' }, 'resolved_at', 'required with status resolved'],
    ['open with resolved_at', { status: 'open' }, 'resolved_at', 'not allowed with status open'],
    [
      'open not taken',
      { status: 'open', resolved_at: '', taken_in_charge_at: '', first_answered_at: '' },
      'taken_in_charge_at',
      'required with status open',
    ],
    [
      'waiting not taken',
      { status: 'waiting', resolved_at: '', taken_in_charge_at: '', first_answered_at: '' },
      'taken_in_charge_at',
      'required with status waiting',
    ],
    [
      'new but answered',
      { status: 'new', resolved_at: '', taken_in_charge_at: '' },
      'first_answered_at',
      'not allowed with status new',
    ],
    [
      'not competent without redirection',
      { status: 'resolved_not_competent' },
      'redirected_to',
      'required with status resolved_not_competent',
    ],
    [
      'redirection on a resolved ticket',
      { redirected_to: 'Altrove' },
      'redirected_to',
      'only with status resolved_not_competent',
    ],
    ['unknown difficulty', { difficulty: 'hard' }, 'difficulty', 'difficoltà non valida'],
    ['ente missing', { ente: ' ' }, 'ente', 'obbligatorio / required'],
    ['subject missing', { subject: '' }, 'subject', 'obbligatorio / required'],
    ['bad e-mail', { requester_email: 'mario.rossi@' }, 'requester_email', 'invalid e-mail address'],
    [
      'e-mail with spaces',
      { requester_email: 'mario rossi@example.it' },
      'requester_email',
      'invalid e-mail',
    ],
    ['requester without a name', { requester_name: '' }, 'requester_name', 'the requester needs a name'],
    [
      'alert with a requester phone but no name',
      { channel: 'monitoring', requester_name: '', requester_email: '', requester_phone: '055 1' },
      'requester_name',
      'needs a name',
    ],
    ['garbled encoding', { ente: 'Citt\uFFFD Metropolitana' }, 'ente', 'UTF-8'],
  ])('%s', (_name, overrides, column, reason) => {
    const { rows, problems } = parseTicketCsv(
      csv([valid, { ...valid, number: '2016-000002', ...overrides }]),
      now,
    );
    expect(rows.map((r) => r.number)).toEqual(['2016-000001']);
    expect(problems).toContainEqual({ line: 3, column, reason: expect.stringContaining(reason) });
    expect(problems.every((p) => p.line === 3)).toBe(true);
  });

  it('reports every problem of a row, not just the first', () => {
    const { problems } = parseTicketCsv(
      csv([{ ...valid, channel: 'fax', status: 'closed', subject: '' }]),
      now,
    );
    expect(problems.map((p) => p.column).sort()).toEqual(['channel', 'status', 'subject']);
  });

  it('reports a repeated number on the later line, naming the first', () => {
    const { rows, problems } = parseTicketCsv(csv([valid, valid]), now);
    expect(rows).toHaveLength(1);
    expect(problems).toEqual([
      { line: 3, column: 'number', reason: expect.stringContaining('already on line 2') },
    ]);
  });

  it('reports a record with the wrong number of fields (an unquoted comma) without guessing', () => {
    const text = csv([valid]) + csv([{ ...valid, number: '2016-000002' }]).split('\n')[1] + ',extra\n';
    const { rows, problems } = parseTicketCsv(text, now);
    expect(rows).toHaveLength(1);
    expect(problems).toEqual([
      { line: 3, column: '', reason: expect.stringContaining('expected 14, found 15') },
    ]);
  });

  it.each<[string, string, { line: number; column: string; reason: string }[]]>([
    [
      'missing required columns, on line 1',
      'number,channel,received_at,ente,subject\n',
      [
        { line: 1, column: 'requester_name', reason: 'colonna mancante / missing column' },
        { line: 1, column: 'status', reason: 'colonna mancante / missing column' },
      ],
    ],
    [
      'a repeated column',
      `${IMPORT_COLUMNS.join(',')},Subject\n`,
      [{ line: 1, column: 'subject', reason: 'colonna ripetuta / column appears twice' }],
    ],
    ['an empty file', '', [{ line: 1, column: '', reason: expect.stringContaining('empty file') }]],
    [
      'an unclosed quote',
      `${IMPORT_COLUMNS.join(',')}\n2016-000001,"email\n`,
      [{ line: 2, column: '', reason: expect.stringContaining('malformed CSV') }],
    ],
  ])('%s', (_name, text, problems) => {
    const parsed = parseTicketCsv(text, now);
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems).toEqual(problems);
  });
});
