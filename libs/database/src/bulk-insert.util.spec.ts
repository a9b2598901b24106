import { BulkColumn, unnestInsert } from './bulk-insert.util';

interface Row {
  id: string;
  at: Date | null;
  payload: Record<string, unknown>;
  state: string;
}

const columns: BulkColumn<Row>[] = [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'at', type: 'timestamptz', value: (r) => r.at },
  { name: 'payload', type: 'jsonb', value: (r) => r.payload },
  { name: 'state', type: 'sla_clock_state', value: (r) => r.state },
];

describe('unnestInsert', () => {
  it('sends one array parameter per column, whatever the number of rows', () => {
    const rows: Row[] = [...Array(3000).keys()].map((i) => ({
      id: `id-${i}`,
      at: null,
      payload: {},
      state: 'met',
    }));
    const { sql, params } = unnestInsert('sla_clock', columns, rows);
    expect(params).toHaveLength(4);
    expect(sql.match(/\$\d+/g)).toEqual(['$1', '$2', '$3', '$4']);
    expect((params[0] as string[]).length).toBe(3000);
  });

  it('keeps the row order (identity ids follow it), casts jsonb from text and enums by name', () => {
    const { sql } = unnestInsert('ticket_event', columns, []);
    expect(sql).toBe(
      'INSERT INTO "ticket_event" ("id", "at", "payload", "state") ' +
        'SELECT u."id", u."at", u."payload"::jsonb, u."state" ' +
        'FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::sla_clock_state[]) WITH ORDINALITY ' +
        'AS u("id", "at", "payload", "state", "ord") ORDER BY u."ord"',
    );
  });

  it.each<[string, Row, unknown[]]>([
    [
      'dates as ISO instants, JSON as text',
      { id: 'a', at: new Date('2017-01-02T08:00:00+01:00'), payload: { to: 'open', n: 1 }, state: 'met' },
      ['a', '2017-01-02T07:00:00.000Z', '{"to":"open","n":1}', 'met'],
    ],
    [
      'nulls stay nulls',
      { id: 'b', at: null, payload: null!, state: 'running' },
      ['b', null, null, 'running'],
    ],
  ])('%s', (_name, row, values) => {
    const { params } = unnestInsert('x', columns, [row]);
    expect(params.map((p) => (p as unknown[])[0])).toEqual(values);
  });
});
